package dev.checkout.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.support.ui.Select;

/**
 * The shop and the operations console in headless Chromium against a local cloud in this JVM: the pages a person
 * uses, clicked through as a person would (sign in, add to cart, pay, authenticate, cancel, ship, refund, edit the
 * catalog), each outcome checked in the page and, where it matters, through the API.
 */
@Tag("end-to-end")
@ExtendWith({ChromiumInstalled.class, ShopInBrowserTest.ScreenshotOnFailure.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopInBrowserTest {
    private static final Pattern ORDER_URL = Pattern.compile("#/orders/(ord_[0-9A-Z]{26})$");

    private static LocalCloud cloud;
    private static Browser browser;
    private static ShopApi api;
    private static String sku;
    private static String teaSku;
    private static String paidOrder;
    private static String authenticatedOrder;
    private static String cancelledOrder;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(LocalCloud.projectRoot()));
        api = new ShopApi(cloud.apiEndpoint());
        sku = "LAMP-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        api.putProduct(cloud.token("admin"), sku, "Desk lamp", 1250, "USD", 20);
        api.putProduct(cloud.token("admin"), "MUG-" + sku.substring(5), "Enamel mug", 900, "USD", 3);
        teaSku = "TEA-" + sku.substring(5);
        api.putProduct(cloud.token("admin"), teaSku, "Longjing green tea", 8800, "CNY", 10);
        browser = Browser.start();
        browser.open(cloud.webEndpoint().toString());
        browser.find("li[data-sku='" + sku + "']");
        System.out.println("the catalog was usable " + browser.driver.executeScript(
                "return Math.round(performance.getEntriesByName('catalog-shown')[0].startTime)") + " ms after navigation started");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    /** A failed test leaves a picture of the page it failed on, and the page's address in the log. */
    static final class ScreenshotOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                System.out.println("failed at " + browser.driver.getCurrentUrl());
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
            }
        }
    }

    private static void signInAs(String user) {
        if (!browser.driver.findElements(org.openqa.selenium.By.id("sign-out")).isEmpty()) {
            browser.click("#sign-out");
        }
        browser.go("#/sign-in");
        browser.click("button[data-user=" + user + "]");
        browser.findText("#who", "Signed in as " + user);
    }

    private static String checkout(int quantity, String card) {
        browser.go("#/");
        // From the keyboard: Enter in the quantity field adds to the cart.
        browser.type("li[data-sku='" + sku + "'] input[name=quantity]", Integer.toString(quantity));
        browser.find("li[data-sku='" + sku + "'] input[name=quantity]").sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.findText("#notice", "Added " + quantity);
        browser.go("#/cart");
        browser.click("input[name=method][value='stripe:card']");
        new Select(browser.find("#card")).selectByValue(card);
        browser.click("#checkout button[type=submit]");
        Matcher matcher = browser.until("the order's page", () -> {
            Matcher m = ORDER_URL.matcher(browser.driver.getCurrentUrl());
            return m.find() ? m : null;
        });
        return matcher.group(1);
    }

    private static void awaitStatus(String status) {
        browser.find("#order[data-status=" + status + "]");
    }

    private static void refundInConsole(String orderId, String status, String amount, String reason) {
        browser.go("#/console/orders/" + orderId);
        awaitStatus(status);
        browser.type("#refund-amount", amount);
        browser.type("#refund-reason", reason);
        browser.click("#refund button[type=submit]");
    }

    private static long unlabelledFields() {
        return (Long) browser.driver.executeScript("return [...document.querySelectorAll('main input, main select')]"
                + ".filter(i => i.type !== 'hidden' && !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).length");
    }

    @Test
    @Order(1)
    void customer_paysByCard_andSeesTheOrderPaid() {
        signInAs("alice");
        browser.go("#/");
        assertTrue(browser.text("li[data-sku='" + sku + "']").contains("20 in stock"));
        assertTrue(browser.text("li[data-sku='" + sku + "'] .price").contains("12.50"));
        assertEquals(0, unlabelledFields(), "every field of the catalog has a label");
        browser.screenshot("shop-catalog");

        browser.type("li[data-sku='" + sku + "'] input[name=quantity]", "2");
        browser.click("li[data-sku='" + sku + "'] button[type=submit]");
        browser.findText("#notice", "Added 2");
        browser.go("#/cart");
        browser.click("input[name=method][value='stripe:card']");
        new Select(browser.find("#card")).selectByValue("pm_card_visa");
        assertEquals(0, unlabelledFields(), "every field of the cart and checkout has a label");
        browser.screenshot("shop-cart-checkout");
        browser.click("#checkout button[type=submit]");
        paidOrder = browser.until("the order's page", () -> {
            Matcher m = ORDER_URL.matcher(browser.driver.getCurrentUrl());
            return m.find() ? m.group(1) : null;
        });

        awaitStatus("PAID");
        assertTrue(browser.text("#order").contains("Paid"));
        browser.screenshot("shop-order-paid");
        assertEquals("PAID", api.get("/orders/" + paidOrder, cloud.token("alice")).path("status").asText());
        browser.go("#/");
        browser.findText("li[data-sku='" + sku + "']", "18 in stock");
    }

    @Test
    @Order(2)
    void threeDSecureCard_sendsTheCustomerToAuthenticate_andBackToAPaidOrder() {
        authenticatedOrder = checkout(2, "pm_card_authenticationRequired");

        browser.findText("#next-action", "Confirm with your bank");
        browser.screenshot("shop-order-3ds-action");
        browser.click("#next-action");
        browser.findText("h1", "Confirm your payment");
        browser.click("button.ok");

        browser.until("the shop again, on the order", () -> browser.driver.getCurrentUrl().endsWith("#/orders/" + authenticatedOrder));
        awaitStatus("PAID");
        assertEquals("PAID", api.get("/orders/" + authenticatedOrder, cloud.token("alice")).path("status").asText());
    }

    @Test
    @Order(3)
    void customer_cancelsAnOrderWaitingForPayment() {
        cancelledOrder = checkout(1, "pm_card_authenticationRequired");
        browser.find("#next-action");

        browser.click("#cancel");

        awaitStatus("CANCELLED");
        assertTrue(browser.text("#reason").contains("cancelled by the customer"), browser.text("#reason"));
        assertEquals("CANCELLED", api.get("/orders/" + cancelledOrder, cloud.token("alice")).path("status").asText());
    }

    @Test
    @Order(4)
    void orderHistory_filtersByStatus() {
        browser.go("#/orders");
        browser.findText("#list", paidOrder);
        assertTrue(browser.text("#list").contains(cancelledOrder));
        browser.screenshot("shop-order-history");

        new Select(browser.find("#f-status")).selectByValue("CANCELLED");
        browser.click("#filters button[type=submit]");

        browser.until("only cancelled orders listed", () -> browser.driver.getCurrentUrl().contains("status=CANCELLED")
                && browser.text("#list").contains(cancelledOrder) && !browser.text("#list").contains(paidOrder));
    }

    @Test
    @Order(5)
    void admin_findsAnOrder_shipsIt_andCompletesIt() {
        signInAs("admin");
        browser.type("#order-id", paidOrder);
        browser.click("#search button[type=submit]");
        awaitStatus("PAID");
        assertTrue(browser.text("main").contains("Customer alice"));

        browser.click("#ship");
        awaitStatus("SHIPPED");
        browser.screenshot("console-order");
        browser.click("#complete");
        awaitStatus("COMPLETED");

        assertEquals("COMPLETED", api.get("/orders/" + paidOrder, cloud.token("admin")).path("status").asText());
    }

    @Test
    @Order(6)
    void admin_refundsPartOfAnOrder_withAReason() {
        refundInConsole(authenticatedOrder, "PAID", "5.00", "scratched");

        browser.findText(".refunds", "scratched");
        JsonNode order = api.awaitOrder(cloud.token("admin"), authenticatedOrder,
                o -> o.path("status").asText().equals("PARTIALLY_REFUNDED") && o.path("refunded").path("amount").asLong() == 500);
        assertEquals(1, order.path("refunds").size());
        awaitStatus("PARTIALLY_REFUNDED");
        browser.screenshot("console-order-refunded");
    }

    @Test
    @Order(7)
    void admin_seesAnApiRefusalInWords_neverAsJson() {
        refundInConsole(authenticatedOrder, "PARTIALLY_REFUNDED", "999.00", "too much");

        String error = browser.text("#refund-error [role=alert]");
        assertTrue(error.contains("more than can still be refunded"), error);
        assertFalse(error.contains("{") || error.contains("REFUND_EXCEEDS_CAPTURED"), error);
    }

    @Test
    @Order(8)
    void admin_editsPriceAndStock_andAddsAProduct() {
        browser.go("#/console/catalog");
        String row = "tr[data-sku='" + sku + "'] ";
        browser.type(row + "input[name=price]", "13.75");
        browser.type(row + "input[name=available]", "42");
        assertEquals(0, unlabelledFields(), "every field of the console's catalog has a label");
        browser.screenshot("console-catalog");
        browser.click(row + "button.save");
        browser.findText("#notice", "Saved " + sku);

        JsonNode product = api.get("/products/" + sku, cloud.token("admin"));
        assertEquals(1375, product.path("price").path("amount").asLong());
        assertEquals(42, product.path("available").asLong());

        String added = "PEN-" + sku.substring(5);
        browser.type("#new-sku", added);
        browser.type("#new-name", "Fountain pen");
        browser.type("#new-price", "3");
        browser.type("#new-available", "7");
        browser.click("#new-product button[type=submit]");
        browser.find("tr[data-sku='" + added + "']");
        assertEquals(300, api.get("/products/" + added, cloud.token("admin")).path("price").path("amount").asLong());
    }

    @Test
    @Order(9)
    void console_drawsTheStatistics_ofOrdersAndPayments_fromTheTablesStream() {
        browser.until("the paid orders counted", () -> {
            browser.go("#/console/statistics");
            browser.find("#stats .tile");
            return !browser.text("#stats").contains("Orders paid\n0");
        });

        assertTrue(browser.text("#stats").contains("Orders placed"), browser.text("#stats"));
        browser.find("#stats figure.chart svg");
        browser.screenshot("console-statistics");
    }

    @Test
    @Order(10)
    void qrCodes_drawnByTheSite_readBackAsTheirText() throws Exception {
        for (String text : List.of("weixin://wxpay/bizpayurl?pr=abc123", "https://qr.alipay.com/bax08431ujhlwfwgnvjn0023",
                "https://openapi.alipay.com/gateway.do?" + "x".repeat(200))) {
            @SuppressWarnings("unchecked")
            List<String> rows = (List<String>) browser.script("const done = arguments[arguments.length - 1];"
                    + "import('/js/qr.js').then(m => done(m.qrMatrix(arguments[0]).map(r => r.map(b => b ? '1' : '0').join(''))))", text);
            assertEquals(text, decode(rows));
        }
    }

    /** Puts one of a product in yuan in the cart and checks out with {@code method} (e.g. {@code alipay:qr}); the order's id. */
    private static String checkoutInYuan(String method) {
        browser.go("#/");
        browser.click("li[data-sku='" + teaSku + "'] button[type=submit]");
        browser.findText("#notice", "Added 1");
        browser.go("#/cart");
        browser.click("input[name=method][value='" + method + "']");
        browser.click("#checkout button[type=submit]");
        return browser.until("the order's page", () -> {
            Matcher m = ORDER_URL.matcher(browser.driver.getCurrentUrl());
            return m.find() ? m.group(1) : null;
        });
    }

    /** What the order's payment asks the customer to scan, as the API shows it. */
    private static String qrCodeOf(String orderId) {
        return api.awaitOrder(cloud.token("alice"), orderId, o -> o.path("payments").path(0).path("nextAction").has("qrCode"))
                .path("payments").get(0).path("nextAction").path("qrCode").asText();
    }

    @Test
    @Order(11)
    void customer_paysWithAlipay_byScanningTheQrCodeTheShopShows() throws Exception {
        signInAs("alice");
        String orderId = checkoutInYuan("alipay:qr");

        String shown = theOrdersQrCodeOnThePage(orderId, "shop-order-alipay-qr");
        // The buyer scans what the page shows and pays in the Alipay app (the simulator's customer).
        cloud.alipaySimulator().pay(shown);

        awaitPaid(orderId);
    }

    @Test
    @Order(12)
    void customer_paysWithWeChatPay_byScanningTheQrCodeTheShopShows() throws Exception {
        signInAs("alice");
        String orderId = checkoutInYuan("wechatpay:native");

        String shown = theOrdersQrCodeOnThePage(orderId, "shop-order-wechatpay-qr");
        cloud.weChatPaySimulator().pay(shown);

        awaitPaid(orderId);
    }

    /** The QR code the order page shows, read back from the page, once it is the one the order's payment carries. */
    private static String theOrdersQrCodeOnThePage(String orderId, String screenshot) throws Exception {
        browser.find("figure.qr-box svg.qr");
        browser.screenshot(screenshot);
        String shown = readQrCode("figure.qr-box svg.qr");
        assertEquals(qrCodeOf(orderId), shown);
        return shown;
    }

    /** The page and the API both say the order is paid. */
    private static void awaitPaid(String orderId) {
        awaitStatus("PAID");
        assertEquals("PAID", api.get("/orders/" + orderId, cloud.token("alice")).path("status").asText());
    }

    @Test
    @Order(13)
    void admin_readsAnOrdersStory_whatNeedsAttention_andTheDeadLetters() {
        signInAs("admin");
        browser.go("#/console");
        browser.findText("#all-orders", paidOrder);
        assertTrue(browser.text("#all-orders").contains(cancelledOrder), browser.text("#all-orders"));
        new Select(browser.find("#a-status")).selectByValue("CANCELLED");
        browser.click("#all-filters button[type=submit]");
        browser.until("only cancelled orders listed", () -> browser.driver.getCurrentUrl().contains("status=CANCELLED")
                && browser.text("#all-orders").contains(cancelledOrder) && !browser.text("#all-orders").contains(paidOrder));
        browser.screenshot("console-orders");

        browser.go("#/console/orders/" + paidOrder);

        browser.findText("#history", "ReserveStock");
        assertTrue(browser.text("#history").contains("ConfirmOrder"), browser.text("#history"));
        browser.findText("#webhooks", "stripe");
        browser.screenshot("console-order-story");

        browser.go("#/console/attention");
        browser.findText("#list", "Checkouts stalled");
        assertTrue(browser.text("#list").contains("charge dead letters"), browser.text("#list"));

        browser.go("#/console/dead-letters");
        browser.find("[data-queue=charge] .list table, [data-queue=charge] .list p");
        browser.click("[data-queue=charge] .redrive");
        browser.findText("#notice", "sent back to their queue");
        browser.screenshot("console-dead-letters");
    }

    /** The QR code on the page, read back from the pixels the browser drew (ZXing). */
    private static String readQrCode(String css) throws Exception {
        byte[] png = browser.find(css).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new com.google.zxing.RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, java.util.Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE)).getText();
    }

    private static String decode(List<String> rows) throws NotFoundException, ChecksumException, FormatException {
        int scale = 4;
        int quiet = 4;
        int size = (rows.size() + 2 * quiet) * scale;
        byte[] pixels = new byte[size * size];
        java.util.Arrays.fill(pixels, (byte) 255);
        for (int y = 0; y < rows.size(); y++) {
            for (int x = 0; x < rows.size(); x++) {
                if (rows.get(y).charAt(x) == '1') {
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            pixels[((y + quiet) * scale + dy) * size + (x + quiet) * scale + dx] = 0;
                        }
                    }
                }
            }
        }
        LuminanceSource source = new LuminanceSource(size, size) {
            @Override
            public byte[] getRow(int y, byte[] row) {
                return java.util.Arrays.copyOfRange(pixels, y * size, (y + 1) * size);
            }

            @Override
            public byte[] getMatrix() {
                return pixels;
            }
        };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
    }
}
