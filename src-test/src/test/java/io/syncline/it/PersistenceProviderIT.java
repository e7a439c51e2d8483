package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The persistence unit runs on EclipseLink from the module install-syncline.cli adds, not on WildFly's Hibernate. */
@ExtendWith(ArquillianExtension.class)
class PersistenceProviderIT {

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void entityManagerIsEclipseLinks() {
        String entityManagerClass = api.expect(200, api.testkit("GET", "provider")).body();

        assertThat(entityManagerClass).startsWith("org.eclipse.persistence.").doesNotContain("hibernate");
    }
}
