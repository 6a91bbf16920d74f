package dev.nicpin.it.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.hibernate.bytecode.enhance.spi.DefaultEnhancementContext;
import org.hibernate.bytecode.enhance.spi.UnloadedClass;
import org.hibernate.bytecode.internal.bytebuddy.BytecodeProviderImpl;
import org.hibernate.engine.spi.ManagedEntity;
import org.hibernate.engine.spi.SelfDirtinessTracker;

/**
 * A test application that enhances an entity class at run time with Hibernate's Byte Buddy
 * enhancer, as Hibernate's run-time enhancement does, uses the enhanced class, then connects.
 *
 * <pre>
 * java -cp CLASSES:HIBERNATE-JARS:TEST-APPS dev.nicpin.it.apps.HibernateEnhancedApp HOST TCP_PORT
 * </pre>
 *
 * Output, one {@code KEY VALUE} line each: {@code managed-entity} whether the enhanced class
 * implements Hibernate's ManagedEntity, {@code dirty-attributes} what its dirty tracking
 * recorded after a setter ran, and last {@code tcp} the far side's answer to a new Socket.
 *
 * <p>The entity is told apart by the enhancement context rather than by {@code @Entity}, whose
 * package (javax or jakarta.persistence) depends on the Hibernate version: this one source runs
 * on Hibernate 5.6 and 6. {@code ByteBuddyApplicationsTest} compiles it against the jars it runs with.
 */
public final class HibernateEnhancedApp {

    /** The entity, enhanced from its class file into a loader of its own: never loaded as it is. */
    public static final class Invoice {
        private String customer;

        public void setCustomer(String customer) {
            this.customer = customer;
        }
    }

    public static void main(String[] args) throws Exception {
        String name = Invoice.class.getName();   // a constant: does not load the class
        byte[] enhanced = new BytecodeProviderImpl().getEnhancer(new DefaultEnhancementContext() {
            @Override
            public boolean isEntityClass(UnloadedClass classDescriptor) {
                return classDescriptor.getName().equals(name);
            }
        }).enhance(name, classFile(name));
        Class<?> invoice = new EntityLoader().define(name, enhanced);
        System.out.println("managed-entity " + ManagedEntity.class.isAssignableFrom(invoice));

        Object entity = invoice.getDeclaredConstructor().newInstance();
        Method setter = invoice.getMethod("setCustomer", String.class);
        setter.invoke(entity, "ACME");
        String[] dirty = entity instanceof SelfDirtinessTracker
                ? ((SelfDirtinessTracker) entity).$$_hibernate_getDirtyAttributes() : new String[0];
        System.out.println("dirty-attributes " + Arrays.toString(dirty));

        InetSocketAddress tcp = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        System.out.println("tcp " + Exchanges.outcome(() -> Exchanges.overSocket(tcp)));
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = HibernateEnhancedApp.class.getResourceAsStream(
                "/" + name.replace('.', '/') + ".class")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            return bytes.toByteArray();
        }
    }

    /** Defines the enhanced class; everything it refers to comes from the application's loader. */
    private static final class EntityLoader extends ClassLoader {
        EntityLoader() {
            super(HibernateEnhancedApp.class.getClassLoader());
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
    }
}
