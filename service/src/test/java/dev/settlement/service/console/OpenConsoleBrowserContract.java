package dev.settlement.service.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The console with authentication off: open to whoever reaches it (on loopback), every action offered. */
abstract class OpenConsoleBrowserContract extends ConsoleBrowserContract {
    @Override
    protected RequestSpecification asOperator() {
        return RestAssured.given();
    }

    @Override
    protected void signIn(Role role, String subject) {
        // nobody signs in
    }

    @Override
    protected String operatorActor() {
        return "anonymous";
    }

    @Test
    void withAuthenticationOffTheConsoleSaysSoAndHasNoSignIn() {
        open("console/login");
        browser.await(d -> d.getCurrentUrl().endsWith("/console"));
        assertThat(browser.driver.findElement(By.cssSelector(".who .open")).getText()).isEqualTo("authentication off");
        assertThat(browser.driver.findElements(By.id("signed-in"))).isEmpty();
    }
}
