package io.proxysaas.customer;

import java.util.List;
import java.util.Optional;

/** Storage of plans in the system of record (implemented by the store). */
public interface PlanRepository {

    List<Plan> findAll();

    Optional<Plan> find(String name);

    /** Inserts; a plan of that name already present -> {@link RecordException.Kind#CONFLICT}. */
    void insert(Plan plan);

    /** Inserts or replaces; true when the plan was new. */
    boolean upsert(Plan plan);

    /** False when absent; a plan still used by customers -> {@link RecordException.Kind#CONFLICT}. */
    boolean delete(String name);
}
