import { RestaurarImagenOrder, ConfigurarOrder, CrearImagenOrder } from '@og/contracts';
import { globalValidationPipe } from '@og/nest-common';
import { BadRequestException } from '@nestjs/common';

/** OpenGnsys 2's own RestaurarImagen body, byte for byte. */
const SEED_BODY =
  '{"dsk":"1", "par":"2", "cpt":"83", "ifs": "1", "idi":"01936caf-facb-72ad-9446-97e7dbf2b96a", "nci":"image-test", "ipr":"192.168.68.55", "nfn":"RestaurarImagen", "method": "unicast", "ids":"0"}';

function validate<T>(metatype: new () => T, body: unknown): Promise<T> {
  return globalValidationPipe().transform(body, { type: 'body', metatype }) as Promise<T>;
}

async function messages(metatype: new () => unknown, body: unknown): Promise<string> {
  try {
    await validate(metatype, body);
  } catch (err) {
    if (err instanceof BadRequestException) return JSON.stringify(err.getResponse());
    throw err;
  }
  throw new Error('expected a 400');
}

describe('order validation (the global ValidationPipe on the contract DTOs)', () => {
  it('accepts the OpenGnsys RestaurarImagen seed body byte for byte and parses it', async () => {
    const order = await validate(RestaurarImagenOrder, JSON.parse(SEED_BODY));
    expect(order).toBeInstanceOf(RestaurarImagenOrder);
    expect(order).toEqual(
      Object.assign(new RestaurarImagenOrder(), {
        dsk: 1,
        par: 2,
        cpt: '83',
        ifs: '1',
        idi: '01936caf-facb-72ad-9446-97e7dbf2b96a',
        nci: 'image-test',
        ipr: '192.168.68.55',
        nfn: 'RestaurarImagen',
        method: 'UNICAST-CACHE',
        ids: '0',
      }),
    );
  });

  it('accepts unicast-direct in any case and numbers as numbers', async () => {
    const order = await validate(RestaurarImagenOrder, {
      ...JSON.parse(SEED_BODY),
      method: 'UNICAST-DIRECT',
      dsk: 2,
      par: 10,
    });
    expect(order).toMatchObject({ method: 'UNICAST-DIRECT', dsk: 2, par: 10 });
  });

  it('names the bad parameter', async () => {
    expect(await messages(RestaurarImagenOrder, { ...JSON.parse(SEED_BODY), par: 'two' })).toContain('par');
    expect(await messages(RestaurarImagenOrder, { ...JSON.parse(SEED_BODY), method: 'multicast' })).toContain('method');
    expect(await messages(RestaurarImagenOrder, { ...JSON.parse(SEED_BODY), nci: '../etc/passwd' })).toContain('nci');
    expect(await messages(RestaurarImagenOrder, { ...JSON.parse(SEED_BODY), extra: 1 })).toContain('extra');
    expect(
      await messages(CrearImagenOrder, { nfn: 'CrearImagen', dsk: '1', par: '1', nci: 'x', ipr: 'bad host!' }),
    ).toContain('ipr');
    expect(
      await messages(ConfigurarOrder, {
        nfn: 'Configurar',
        dsk: '1',
        cfg: [{ par: '1', cpt: 'LINUX', sfi: 'REISERFS', tam: '1' }],
      }),
    ).toContain('sfi');
  });

  it('parses a Configurar order with string numbers and lower-case filesystems', async () => {
    const order = await validate(ConfigurarOrder, {
      nfn: 'Configurar',
      dsk: '1',
      ttp: 'msdos',
      cfg: [
        { par: '1', cpt: 'LINUX', sfi: 'ext4', tam: '204800', ope: '1' },
        { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: '256000' },
      ],
    });
    expect(order.ttp).toBe('MSDOS');
    expect(order.cfg[0]).toMatchObject({ par: 1, cpt: 'LINUX', sfi: 'EXT4', tam: 204800, ope: 1 });
  });
});
