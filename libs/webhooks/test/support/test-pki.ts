import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, PEM. */
export interface TestCertificate {
  cert: string;
  key: string;
}

/** Validity of an issued certificate: explicit dates, or whole days from now. */
export type Validity = { days: number } | { start: Date; end: Date };

/**
 * A throw-away PKI made with the installed `openssl` (the certificates a real operator makes, made
 * the same way): a CA, and leaf certificates it issues with chosen validity (`openssl ca` takes
 * explicit start and end dates, so expired ones are real, not faked). Files live in a temp folder
 * removed by {@link dispose}.
 */
export class TestPki {
  readonly ca: TestCertificate;
  private readonly dir = mkdtempSync(join(tmpdir(), 'webhooks-pki-'));
  private issued = 0;

  constructor(name = 'Test CA') {
    this.openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      `/CN=${name}`,
    ]);
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'serial'), '1000\n');
    writeFileSync(join(this.dir, 'ca.cnf'), CA_CONFIG);
    this.ca = { cert: this.read('ca.crt'), key: this.read('ca.key') };
  }

  /** A server certificate for `localhost` and `127.0.0.1`. */
  server(): TestCertificate {
    return this.issue('localhost', { days: 365 }, 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  }

  /** A client certificate (`extendedKeyUsage=clientAuth`) with the given validity. */
  client(commonName: string, validity: Validity = { days: 365 }): TestCertificate {
    return this.issue(commonName, validity, 'extendedKeyUsage=clientAuth');
  }

  /** Removes the temp folder. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private issue(commonName: string, validity: Validity, extension: string): TestCertificate {
    const name = `leaf${++this.issued}`;
    this.openssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${commonName}`,
    ]);
    writeFileSync(join(this.dir, `${name}.ext`), `${extension}\n`);
    // `days` start an hour back, so a test clock read just before issuing finds them valid.
    const { start, end } =
      'days' in validity
        ? { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + validity.days * 86_400_000) }
        : validity;
    const dates = ['-startdate', opensslDate(start), '-enddate', opensslDate(end)];
    this.openssl([
      'ca',
      '-config',
      'ca.cnf',
      '-batch',
      '-notext',
      '-cert',
      'ca.crt',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-extfile',
      `${name}.ext`,
      ...dates,
    ]);
    return { cert: this.read(`${name}.crt`), key: this.read(`${name}.key`) };
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }

  private read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }
}

/** `openssl ca`'s date form, `YYYYMMDDHHMMSSZ`. */
function opensslDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

const CA_CONFIG = `[ ca ]
default_ca = test_ca
[ test_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
`;
