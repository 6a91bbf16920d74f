package dev.nicpin.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link Lab} with its server running, as a {@code Lab} parameter of
 * any test method, once the {@link Prerequisites} are met. The lab is torn down after the
 * class (JUnit closes the {@link AutoCloseable}s in its store).
 */
public final class LabExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabExtension.class);
    private final Prerequisites prerequisites = new Prerequisites();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return prerequisites.evaluateExecutionCondition(context);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Lab lab = Lab.up();
        context.getStore(NAMESPACE).put(Lab.class, lab);   // stored first: closed even if the server fails
        lab.startServer();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Lab.class, Lab.class);
    }
}
