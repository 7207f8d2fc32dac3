/**
 * How every browser check here launches Chromium: Debian's build at /usr/bin/chromium unless
 * CHROMIUM_PATH names another. The flags keep a headless run off the network it cannot reach
 * and out of a sandbox that needs privileges CI lacks.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
