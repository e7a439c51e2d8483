package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page at / in a real browser: a change made in one tab appears in another without a reload. */
@ExtendWith(ArquillianExtension.class)
class BoardPageIT {

    private static final File CHROMIUM = new File(System.getProperty("syncline.chromium", "/usr/bin/chromium"));
    private static final File CHROMEDRIVER = new File(System.getProperty("syncline.chromedriver", "/usr/bin/chromedriver"));

    private final Api api = new Api();
    private final List<WebDriver> tabs = new ArrayList<>();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @BeforeAll
    static void browserIsInstalled() {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    }

    @Test
    void cardAddedInOneTabAppearsInTheOtherWithoutReload() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        WebDriver first = open(board);
        WebDriver second = open(board);
        markPage(second);

        first.findElement(By.cssSelector("#new-card input[name=title]")).sendKeys("Seen everywhere");
        first.findElement(By.cssSelector("#new-card button")).click();

        WebElement card = waitFor(second, By.xpath("//section[@data-status='todo']//li[span='Seen everywhere']"));
        assertThat(card.isDisplayed()).isTrue();
        assertThat(pageWasNotReloaded(second)).isTrue();
    }

    @Test
    void cardMovedInOneTabMovesInTheOther() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        api.newCard(board, "Moving card");
        WebDriver first = open(board);
        WebDriver second = open(board);
        markPage(first);

        waitFor(second, By.xpath("//section[@data-status='todo']//li[span='Moving card']//button[text()='▶']")).click();

        waitFor(first, By.xpath("//section[@data-status='doing']//li[span='Moving card']"));
        assertThat(first.findElements(By.xpath("//section[@data-status='todo']//li[span='Moving card']"))).isEmpty();
        assertThat(pageWasNotReloaded(first)).isTrue();
    }

    private WebDriver open(long board) {
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        WebDriver driver = new ChromeDriver(service, options);
        tabs.add(driver);
        driver.get(Server.baseUri().resolve("/#board=" + board).toString());
        // Logs in as alice, who created the board (and so is a member).
        waitFor(driver, By.cssSelector("#login input[name=user]")).sendKeys("alice");
        driver.findElement(By.cssSelector("#login input[name=password]")).sendKeys("alice-demo");
        driver.findElement(By.cssSelector("#login button")).click();
        waitFor(driver, By.cssSelector("#status.online"));
        return driver;
    }

    private static WebElement waitFor(WebDriver driver, By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            return d.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    /** Leaves a mark in the page's JavaScript state; a reload would wipe it. */
    private static void markPage(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true;");
    }

    private static boolean pageWasNotReloaded(WebDriver driver) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return window.__notReloaded === true;"));
    }

    @AfterEach
    void closeTabs() {
        tabs.forEach(WebDriver::quit);
    }
}
