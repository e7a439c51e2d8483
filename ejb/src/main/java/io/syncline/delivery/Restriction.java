package io.syncline.delivery;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

/** A condition on rows of an entity, as a Criteria predicate: what a policy allows, or what it took away. */
@FunctionalInterface
interface Restriction {

    Predicate toPredicate(String entity, CriteriaBuilder cb, Root<?> root);
}
