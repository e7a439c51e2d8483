package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser, two users in two browsers (each its own profile and session):
 * alice and bob share a board. What one does, the other sees without a reload; one that was
 * offline catches up, and its offline edit that conflicts is shown as a conflict; a member removed
 * loses the board; presence shows who is there. Every step leaves a screenshot in
 * {@code target/screenshots/BoardPageIT}.
 */
@ExtendWith(ArquillianExtension.class)
class BoardPageIT {

    private static final Logger LOG = Logger.getLogger(BoardPageIT.class.getName());
    private static final File CHROMIUM = new File(System.getProperty("syncline.chromium", "/usr/bin/chromium"));
    private static final File CHROMEDRIVER = new File(System.getProperty("syncline.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CARD = "Shared card";

    private final Api alice = new Api("alice");
    /** alice's and bob's browsers, started once for the class (each test loads the page afresh). */
    private static final Map<String, ChromeDriver> BROWSERS = new HashMap<>();
    /** bob's network: his browser reaches the server through it. */
    private static CuttableProxy network;
    private long board;
    private String test;
    private int step;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @BeforeAll
    static void browserIsInstalled() throws IOException {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        network = new CuttableProxy(Server.baseUri());
    }

    @BeforeEach
    void aliceSharesABoardWithBob(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
        board = alice.newBoard().getJsonNumber("id").longValue();
        alice.expect(204, alice.send("PUT", "api/boards/" + board + "/members/bob", null));
        alice.newCard(board, CARD);
    }

    @Test
    void aCardMovedByOneWithTheKeyboardThenByDragAndDropIsSeenMovedByTheOther() {
        ChromeDriver a = open("alice");
        ChromeDriver b = open("bob");
        markPage(b);

        long moved = System.nanoTime();
        card(a, "todo", CARD).sendKeys(Keys.ARROW_RIGHT);
        waitFor(b, cardIn("doing", CARD), Duration.ofMillis(10));
        long seen = System.nanoTime();
        LOG.info(() -> "move -> seen in the other browser: " + (seen - moved) / 1_000_000 + " ms");
        screenshot(a, "alice moved the card");
        screenshot(b, "bob sees it moved");

        assertThat(b.findElements(cardIn("todo", CARD))).isEmpty();

        drag(a, waitFor(a, cardIn("doing", CARD)), "done");
        waitFor(b, cardIn("done", CARD));
        screenshot(b, "bob sees it dragged to done");
        assertThat(b.findElements(cardIn("doing", CARD))).isEmpty();
        assertThat(pageWasNotReloaded(b)).isTrue();
    }

    @Test
    void aBrowserThatWasOfflineCatchesUpWithoutReload() {
        ChromeDriver a = open("alice");
        ChromeDriver b = open("bob");
        markPage(b);

        cutBobOff(b);
        screenshot(b, "bob is offline");
        card(a, "todo", CARD).sendKeys(Keys.ARROW_RIGHT);
        addCard(a, "Added while bob was away");
        waitFor(a, cardIn("todo", "Added while bob was away"));
        waitFor(a, cardIn("doing", CARD));
        screenshot(a, "alice edited meanwhile");

        long back = System.nanoTime();
        network.restore();
        new WebDriverWait(b, WAIT).pollingEvery(Duration.ofMillis(10)).until(d -> board(b).equals(board(a)));
        long converged = System.nanoTime();
        LOG.info(() -> "back online -> converged: " + (converged - back) / 1_000_000 + " ms");
        screenshot(b, "bob caught up");

        assertThat(board(b)).containsEntry(CARD, "doing").containsEntry("Added while bob was away", "todo");
        assertThat(pageWasNotReloaded(b)).isTrue();
    }

    @Test
    void anOfflineEditThatConflictsIsShownAsAConflict() {
        ChromeDriver a = open("alice");
        ChromeDriver b = open("bob");

        cutBobOff(b);
        card(b, "todo", CARD).sendKeys(Keys.ARROW_RIGHT); // queued, based on the card's first version
        waitFor(b, By.cssSelector("#pending:not([data-count='0'])"));
        screenshot(b, "bob moved the card offline");
        card(a, "todo", CARD).sendKeys(Keys.ARROW_RIGHT);
        waitFor(a, cardIn("doing", CARD)).sendKeys(Keys.ARROW_RIGHT);
        waitFor(a, cardIn("done", CARD));
        screenshot(a, "alice moved it to done meanwhile");

        network.restore();
        WebElement conflict = waitFor(b, By.cssSelector("#conflicts .conflict"));
        waitFor(b, cardIn("done", CARD));
        screenshot(b, "bob sees the conflict");

        assertThat(conflict.findElement(By.cssSelector(".current")).getText()).containsIgnoringCase("done");
        assertThat(waitFor(a, cardIn("done", CARD)).isDisplayed()).as("alice's change stands").isTrue();
        waitFor(b, By.cssSelector("#pending[data-count='0']"));
    }

    @Test
    void aMemberRemovedLosesTheBoardFromView() {
        ChromeDriver a = open("alice");
        ChromeDriver b = open("bob");
        waitFor(b, By.cssSelector("#boards li[data-board-id='" + board + "']"));

        waitFor(a, By.cssSelector("#members li[data-user='bob'] button.remove-member")).click();

        new WebDriverWait(b, WAIT).until(d -> !d.findElement(By.id("board-panel")).isDisplayed());
        new WebDriverWait(b, WAIT).until(d -> d.findElements(By.cssSelector("#boards li[data-board-id='" + board + "']")).isEmpty());
        screenshot(a, "alice removed bob");
        screenshot(b, "bob lost the board");
        assertThat(b.findElements(By.cssSelector("li.card"))).isEmpty();
        assertThat(b.findElement(By.id("message")).getText()).containsIgnoringCase("no longer have access");
    }

    @Test
    void presenceShowsBothUsersThenTheOneWhoStayed() {
        ChromeDriver a = open("alice");
        ChromeDriver b = open("bob");

        new WebDriverWait(a, WAIT).until(d -> present(a).equals(List.of("alice", "bob")));
        new WebDriverWait(b, WAIT).until(d -> present(b).equals(List.of("alice", "bob")));
        screenshot(a, "alice sees bob");
        screenshot(b, "bob sees alice");

        b.get("about:blank"); // bob closes the page

        new WebDriverWait(a, WAIT).until(d -> present(a).equals(List.of("alice")));
        screenshot(a, "bob left");
    }

    /**
     * The user's browser (its own profile: its own cookies), with the page loaded afresh on the
     * shared board, logged in, connected, showing the board's card.
     */
    private ChromeDriver open(String user) {
        ChromeDriver driver = BROWSERS.computeIfAbsent(user, u -> {
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM)
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--window-size=1280,900");
            return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
        });
        URI server = user.equals("bob") ? network.uri() : Server.baseUri();
        driver.get("about:blank"); // the same address with another #board would not load the page again
        driver.get(server.resolve("/#board=" + board).toString());
        WebElement login = waitFor(driver, By.cssSelector("#login input[name=user], #status.online"));
        if ("user".equals(login.getAttribute("name"))) { // the first time: the session cookie stays for the next tests
            login.sendKeys(user);
            driver.findElement(By.cssSelector("#login input[name=password]")).sendKeys(user + "-demo");
            driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        }
        waitFor(driver, By.cssSelector("#status.online"));
        waitFor(driver, cardIn("todo", CARD));
        return driver;
    }

    /**
     * Drags a card onto a column, with the events a browser fires for a drag and drop by mouse
     * (headless Chromium does not drag for WebDriver's pointer actions).
     */
    private static void drag(WebDriver driver, WebElement card, String status) {
        ((JavascriptExecutor) driver).executeScript("""
                const [card, column] = arguments;
                const data = new DataTransfer();
                const at = column.getBoundingClientRect();
                const where = {bubbles: true, cancelable: true, dataTransfer: data, clientX: at.x + 20, clientY: at.bottom - 10};
                card.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
                column.dispatchEvent(new DragEvent('dragenter', where));
                column.dispatchEvent(new DragEvent('dragover', where));
                column.dispatchEvent(new DragEvent('drop', where));
                card.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: data}));
                """, card, driver.findElement(By.cssSelector("section[data-status='" + status + "'] ul")));
    }

    private static void addCard(WebDriver driver, String title) {
        driver.findElement(By.cssSelector("#new-card input[name=title]")).sendKeys(title, Keys.ENTER);
    }

    private static WebElement card(WebDriver driver, String status, String title) {
        WebElement card = waitFor(driver, cardIn(status, title));
        // Focus through the page: a key event goes to the focused card.
        ((JavascriptExecutor) driver).executeScript("arguments[0].focus();", card);
        return card;
    }

    private static By cardIn(String status, String title) {
        return By.xpath("//section[@data-status='" + status + "']//li[contains(@class,'card')][span[@class='title' and normalize-space()='" + title + "']]");
    }

    /** The board as the page shows it: each card's title and column. */
    private static Map<String, String> board(WebDriver driver) {
        Map<String, String> cards = new TreeMap<>();
        for (String status : List.of("todo", "doing", "done")) {
            for (WebElement card : driver.findElements(By.cssSelector("section[data-status='" + status + "'] li.card span.title"))) {
                cards.put(card.getText(), status);
            }
        }
        return cards;
    }

    private static List<String> present(WebDriver driver) {
        return driver.findElements(By.cssSelector("#presence li[data-user]")).stream()
                .map(item -> item.getAttribute("data-user")).sorted().toList();
    }

    /** Cuts bob's browser off the network (its connections and requests fail) and waits until his page shows it. */
    private static void cutBobOff(ChromeDriver bob) {
        network.cut();
        waitFor(bob, By.cssSelector("#status:not(.online)"));
    }

    private static WebElement waitFor(WebDriver driver, By locator) {
        return waitFor(driver, locator, Duration.ofMillis(100));
    }

    private static WebElement waitFor(WebDriver driver, By locator, Duration polling) {
        return new WebDriverWait(driver, WAIT).pollingEvery(polling).until(d ->
                d.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private void screenshot(WebDriver driver, String what) {
        Path file = Path.of("target", "screenshots", "BoardPageIT", test + "-" + (++step) + "-" + what.replace(' ', '-') + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.move(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot keep the screenshot " + file, e);
        }
    }

    /** Leaves a mark in the page's JavaScript state; a reload would wipe it. */
    private static void markPage(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("window.__notReloaded = true;");
    }

    private static boolean pageWasNotReloaded(WebDriver driver) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return window.__notReloaded === true;"));
    }

    @AfterEach
    void networkIsBack() {
        network.restore();
    }

    @AfterAll
    static void closeBrowsers() throws IOException {
        BROWSERS.values().forEach(WebDriver::quit);
        BROWSERS.clear();
        if (network != null) {
            network.close();
        }
    }
}
