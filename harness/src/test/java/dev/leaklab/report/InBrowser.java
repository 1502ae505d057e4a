package dev.leaklab.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The set-up the browser tests share: one headless Chromium per test class, started before its
 * first test (the class is skipped where none is installed) and closed after its last.
 */
abstract class InBrowser {

    static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.startOrSkip();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
