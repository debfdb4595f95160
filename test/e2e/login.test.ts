import { expect } from 'chai';
import { logIn, screenshot, seriousViolations, useE2e } from './harness.ts';

describe('web/login: the one login page (Chromium)', function () {
  this.timeout(180_000);
  const e2e = useE2e();

  it('refuses a wrong password in Vietnamese, then opens the app of the role and comes back to login when the token is gone', async () => {
    // given the login page, in Vietnamese first, switchable to English and back
    const page = await e2e().newPage();
    await page.goto('/login/?next=/modeler/');
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByLabel('User name').waitFor();
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    await page.getByLabel('Language').selectOption('vi');
    await page.getByLabel('Tên đăng nhập').waitFor();
    // when a wrong password is sent
    await page.getByLabel('Tên đăng nhập').fill('phantich');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // then the error is said at the top, in Vietnamese
    await page.getByRole('alert').getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
    await screenshot(page, 'login-error');
    // when the right one is sent
    await page.getByLabel('Mật khẩu').fill('demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // then the analyst lands in the modeler, named in the header
    await page.waitForURL('**/modeler/');
    await page.getByText('Nguyễn Văn Phân Tích').waitFor();
    // when the session's token is gone (expired or removed) and a screen is opened
    await page.evaluate(() => sessionStorage.clear());
    await page.goto('about:blank');
    await page.goto('/modeler/#/procedures/1.001193');
    // then the login page asks again and remembers where to go back
    await page.waitForURL((url) => url.pathname === '/login/' && url.searchParams.get('next') === '/modeler/#/procedures/1.001193');
  });

  it('sends an officer to the tasks app after login', async () => {
    const page = await e2e().newPage();
    await logIn(page, 'motcua');
    expect(new URL(page.url()).pathname).to.equal('/tasks/');
  });
});
