package io.proxysaas.state;

import com.hazelcast.nio.serialization.Serializer;
import com.hazelcast.nio.serialization.SerializerHook;
import com.hazelcast.nio.serialization.StreamSerializer;

/**
 * How one of the product's classes travels through Hazelcast (between members, into backups, out of
 * an OBJECT-format map): its fields written one after the other under a type id of its own, instead
 * of Java serialization, which writes class descriptors and rebuilds records reflectively on every
 * read (measured in {@code bench/jmh}, {@code WireFormatBenchmark}).
 * <p>
 * Each subclass is listed in {@code META-INF/services/com.hazelcast.SerializerHook}, so every member
 * registers it whatever its configuration (embedded or a {@code HAZELCAST_CONFIG} file); a serializer
 * that a configuration names for the same class wins. All members of a cluster must run the same
 * product version: a member without a format cannot read what others write with it.
 */
public abstract class WireFormat<T> implements SerializerHook<T>, StreamSerializer<T> {

    /** Type ids of the product's formats: 7100-7199 (Hazelcast's own are negative). */
    public static final int FIRST_TYPE_ID = 7100;

    private final Class<T> type;
    private final int typeId;

    protected WireFormat(Class<T> type, int typeId) {
        if (typeId < FIRST_TYPE_ID || typeId > FIRST_TYPE_ID + 99) {
            throw new IllegalArgumentException("wire type id " + typeId + " of " + type.getName()
                    + " outside the product's range " + FIRST_TYPE_ID + "-" + (FIRST_TYPE_ID + 99));
        }
        this.type = type;
        this.typeId = typeId;
    }

    @Override
    public final Class<T> getSerializationType() {
        return type;
    }

    @Override
    public final Serializer createSerializer() {
        return this;
    }

    /** A serializer a configuration names for the same class replaces this one. */
    @Override
    public final boolean isOverwritable() {
        return true;
    }

    @Override
    public final int getTypeId() {
        return typeId;
    }
}
