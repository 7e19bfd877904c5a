import net from 'node:net';
import { startEmbeddedTemporal } from '../../runtime/embedded-temporal';
import { tempDir } from '../support/test-stack';

/**
 * The embedded dev server's ports: one taken by another process must fail with an error that says
 * which port and what to do (it used to blame a stuck download), and a start on ports it picked itself
 * comes up.
 */
describe('embedded Temporal dev server', () => {
  it('says which port it could not use when its web UI port is taken', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    try {
      await expect(
        startEmbeddedTemporal({ dataDir: tempDir(), namespace: 'default', uiPort: taken }),
      ).rejects.toThrow(new RegExp(`did not start[\\s\\S]*web UI ${taken}[\\s\\S]*TEMPORAL_UI_PORT`));
    } finally {
      squatter.close();
    }
  });

  it('starts on ports it picks itself', async () => {
    const temporal = await startEmbeddedTemporal({ dataDir: tempDir(), namespace: 'default' });
    try {
      expect(temporal.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(temporal.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await temporal.stop();
    }
  });
});
