package io.syncline.capture;

import io.syncline.Filterable;
import io.syncline.Synced;
import jakarta.json.bind.Jsonb;
import jakarta.persistence.Column;
import jakarta.persistence.PersistenceUnitUtil;
import jakarta.persistence.Table;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.SingularAttribute;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;

/**
 * How Syncline reads a {@link Synced} entity: its wire name, its key (the JPA id), its version
 * (the {@code @Version} attribute) and its data (the JSON-B representation, the same object the
 * REST API returns).
 */
public final class SyncedEntityType {

    private final String name;
    private final String idAttribute;
    private final Class<?> javaType;
    private final String table;
    private final String idColumn;
    private final String versionColumn;
    private final PersistenceUnitUtil units;
    private final Member version;
    private final Jsonb jsonb;

    SyncedEntityType(EntityType<?> type, PersistenceUnitUtil units, Jsonb jsonb) {
        Synced synced = type.getJavaType().getAnnotation(Synced.class);
        this.name = synced.value().isEmpty() ? type.getName() : synced.value();
        this.idAttribute = type.getId(type.getIdType().getJavaType()).getName();
        this.javaType = type.getJavaType();
        Table tableAnnotation = javaType.getAnnotation(Table.class);
        this.table = tableAnnotation != null && !tableAnnotation.name().isEmpty() ? tableAnnotation.name() : type.getName();
        this.idColumn = column(type.getId(type.getIdType().getJavaType()).getJavaMember());
        this.units = units;
        this.jsonb = jsonb;
        this.version = type.getSingularAttributes().stream()
                .filter(SingularAttribute::isVersion)
                .map(SingularAttribute::getJavaMember)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "@Synced entity " + type.getName() + " needs a @Version attribute"));
        this.versionColumn = column(version);
        if (version instanceof Field field) {
            field.setAccessible(true);
        } else if (version instanceof Method method) {
            method.setAccessible(true);
        }
    }

    public String name() {
        return name;
    }

    /** The filterable attribute of this name, as the entity declares it. */
    public java.util.Optional<Filterable> filterable(String attribute) {
        for (Filterable filterable : javaType.getAnnotation(Synced.class).filterable()) {
            if (filterable.value().equals(attribute)) {
                return java.util.Optional.of(filterable);
            }
        }
        return java.util.Optional.empty();
    }

    /** The column a field maps to: its {@code @Column} name, else the field's name. */
    private static String column(Member member) {
        Column column = member instanceof Field field ? field.getAnnotation(Column.class) : null;
        return column != null && !column.name().isEmpty() ? column.name() : member.getName();
    }

    public Class<?> javaType() {
        return javaType;
    }

    /** The table, as the entity maps it (default naming: the entity name). */
    public String table() {
        return table;
    }

    public String idColumn() {
        return idColumn;
    }

    public String versionColumn() {
        return versionColumn;
    }

    /** The row's representation: what {@code data} carries (the entity's JSON-B form). */
    public String representation(Object entity) {
        return jsonb.toJson(entity);
    }

    /** The name of the id attribute, for queries. */
    public String idAttribute() {
        return idAttribute;
    }

    /** The entity's id (its key, before it becomes a string). */
    public Object id(Object entity) {
        return units.getIdentifier(entity);
    }

    public EntityChange change(ChangeOp op, Object entity) {
        return new EntityChange(op, name, String.valueOf(id(entity)), version(entity), jsonb.toJson(entity));
    }

    private long version(Object entity) {
        try {
            Object value = version instanceof Field field
                    ? field.get(entity)
                    : ((Method) version).invoke(entity);
            return ((Number) value).longValue();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read the version of " + name, e);
        }
    }
}
