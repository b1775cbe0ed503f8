import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { emailKeySql, nameKeySql, soundSql, streetKeySql, taxKeySql, textKeySql } from '../store/match-keys.ts';

// The keys matching compares, computed by PostgreSQL (unaccent, dmetaphone) as the match profiles
// and incoming batches compute them.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'identity'] });
});
afterAll(async () => {
  await server?.stop();
});

async function keysOf(expression: (value: string) => string, values: readonly string[]): Promise<(string | null)[]> {
  const { rows } = await server.owner.query<{ key: string | null }>(`SELECT ${expression('v')} AS key FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`, [values]);
  return rows.map((row) => row.key);
}

describe('match keys', () => {
  it('reads e-mails as their providers do', async () => {
    expect(
      await keysOf(emailKeySql, [' Ana.Garcia+tienda@Gmail.com', 'anagarcia@googlemail.com', 'ana.garcia+news@hotmail.es', 'ana.garcia+news@yahoo.es', 'Ana.Garcia@Empresa.es']),
    ).toEqual(['anagarcia@gmail.com', 'anagarcia@gmail.com', 'ana.garcia@hotmail.es', 'ana.garcia+news@yahoo.es', 'ana.garcia@empresa.es']);
  });

  it('folds accents, case and punctuation of names, and an organization’s legal form', async () => {
    expect(await keysOf(textKeySql, ['  José-María  NÚÑEZ ', "O'Connor"])).toEqual(['jose maria nunez', 'o connor']);
    const organization = (value: string) => nameKeySql(value, `'ORGANIZATION'`);
    expect(await keysOf(organization, ['Distribuciones Pérez, S.L.', 'DISTRIBUCIONES PEREZ SL', 'Acme Inc.'])).toEqual(['distribuciones perez', 'distribuciones perez', 'acme']);
  });

  it('gives names that sound alike one Double Metaphone code', async () => {
    const [gonzalez, gonsales, garcia] = await keysOf(soundSql, ['gonzalez', 'gonsales', 'garcia lopez']);
    expect(gonzalez).toBe(gonsales);
    expect(garcia).not.toBe(gonzalez);
  });

  it('folds the ways a street is written, up to its number', async () => {
    const keys = await keysOf(streetKeySql, ['C/ Gran Vía, nº 12, 3ºB', 'Calle de la Gran Via 12', 'CALLE GRAN VIA, 12', 'Avda. de América 5', 'Avenida America, 5 bajo', 'Pº de la Castellana 100']);
    expect(keys).toEqual(['calle gran via 12', 'calle gran via 12', 'calle gran via 12', 'avenida america 5', 'avenida america 5', 'paseo castellana 100']);
  });

  it('strips a tax id to letters and digits, without an EU VAT prefix', async () => {
    expect(await keysOf(taxKeySql, ['b-12345678', 'ES B12345678', 'ESB12345678', '12.345.678-Z'])).toEqual(['B12345678', 'B12345678', 'B12345678', '12345678Z']);
  });
});
