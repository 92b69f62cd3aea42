package dev.checkout.local.cloud;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Unit: the layers of the functions' code, over every function module (this module runs them all): the domain,
 * then ports and use cases, then adapters, then handlers, each depending only on those before it; handlers hand
 * storage to the adapters and never call the AWS SDK or the DynamoDB adapters themselves.
 */
@Tag("unit")
class LayersTest {
    private static final String[] HANDLERS = {"dev.checkout.createorder..", "dev.checkout.reservestock..", "dev.checkout.ordersapi..",
        "dev.checkout.sweep..", "dev.checkout.charge..", "dev.checkout.notification..", "dev.checkout.refund..", "dev.checkout.paymentsapi.."};

    private static JavaClasses functions() {
        // The function modules are directories in a module build and jars in a reactor build: both are read,
        // but not the checkout-aws test kit (a -tests jar).
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.checkout.domain", "dev.checkout.port", "dev.checkout.application", "dev.checkout.aws",
                        "dev.checkout.createorder", "dev.checkout.reservestock", "dev.checkout.ordersapi", "dev.checkout.sweep",
                        "dev.checkout.charge", "dev.checkout.notification", "dev.checkout.refund", "dev.checkout.paymentsapi");
    }

    @Test
    void eachLayer_dependsOnlyOnTheLayersBeforeIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("domain").definedBy("dev.checkout.domain..")
                .layer("ports").definedBy("dev.checkout.port..")
                .layer("use cases").definedBy("dev.checkout.application..")
                .layer("adapters").definedBy("dev.checkout.aws..")
                .layer("handlers").definedBy(HANDLERS)
                .whereLayer("handlers").mayNotBeAccessedByAnyLayer()
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("handlers")
                .whereLayer("use cases").mayOnlyBeAccessedByLayers("adapters", "handlers")
                .whereLayer("ports").mayOnlyBeAccessedByLayers("use cases", "adapters", "handlers")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("ports", "use cases", "adapters", "handlers")
                .check(functions());
    }

    @Test
    void handlers_neverTouchTheSdkOrTheTableDirectly() {
        noClasses().that().resideInAnyPackage(HANDLERS)
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "dev.checkout.aws.dynamodb..")
                .check(functions());
    }

    @Test
    void useCases_buildNoOtherUseCase_theWiringInjectsThem() {
        DescribedPredicate<JavaConstructorCall> anotherUseCase = DescribedPredicate.describe("a constructor of another use case", call -> {
            JavaClass built = call.getTargetOwner();
            return built.getPackageName().equals("dev.checkout.application") && built.getEnclosingClass().isEmpty()
                    && !built.equals(call.getOriginOwner()) && !call.getOriginOwner().isInnerClass();
        });
        noClasses().that().resideInAPackage("dev.checkout.application").should().callConstructorWhere(anotherUseCase).check(functions());
    }
}
