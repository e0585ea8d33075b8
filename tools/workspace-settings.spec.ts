import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe('workspace settings', () => {
  it('Nx never connects to Nx Cloud (no remote cache, no cloud messages after a run)', () => {
    const nx = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as Record<string, unknown>;
    expect(nx.neverConnectToCloud).toBe(true);
    expect(nx).not.toHaveProperty('nxCloudAccessToken');
    expect(nx).not.toHaveProperty('nxCloudId');
  });

  it("setup takes the Debian mirror from the machine's apt configuration, never a URL of its own", () => {
    const setup = readFileSync(join(root, 'tools', 'setup.sh'), 'utf8');
    expect(setup).toMatch(/\/etc\/apt\/sources\.list/);
    expect(setup).not.toMatch(/https?:\/\//);
  });
});
