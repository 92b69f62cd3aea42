package dev.checkout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The domain, its use cases and ports know nothing of AWS, the provider SDK or JSON libraries. */
@Tag("unit")
class ArchitectureTest {

    @Test
    void core_dependsOnNoAdapterLibrary() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.checkout");
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.stripe..", "com.fasterxml..", "dev.checkout.aws..")
                .check(classes);
    }

    @Test
    void core_hasNoAwsSdkOnItsClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.core.SdkClient"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.amazonaws.services.lambda.runtime.Context"));
    }
}
