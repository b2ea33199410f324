import { parseClientImport } from './client-import.parser';

describe('parseClientImport', () => {
  it('reads a classroom CSV with any MAC spelling and ; separators', () => {
    const { rows, errors } = parseClientImport({
      csv: 'Name;MAC;IP\npc1;08-00-27-0B-88-BE;192.168.2.3\npc2;0800270b88bf;192.168.2.4\n',
    });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { name: 'pc1', mac: '08:00:27:0b:88:be', ip: '192.168.2.3' },
      { name: 'pc2', mac: '08:00:27:0b:88:bf', ip: '192.168.2.4' },
    ]);
  });

  it('lists every bad row with its number and field, and duplicates inside the file', () => {
    const { errors } = parseClientImport({
      clients: [
        { name: 'pc1', mac: '08:00:27:0b:88:be', ip: '192.168.2.3' },
        { name: 'pc2', mac: 'nope', ip: '192.168.2.4' },
        { name: 'pc3', mac: '08:00:27:0b:88:BE', ip: '192.168.2.5' },
        { name: 'pc4', mac: '08:00:27:0b:88:c0', ip: '999.1.1.1', extra: 1 },
      ],
    });
    expect(errors).toEqual([
      { row: 2, field: 'mac', message: 'mac must be a MAC address' },
      { row: 3, field: 'mac', message: 'mac 08:00:27:0b:88:be repeats row 1' },
      { row: 4, field: 'extra', message: 'property extra should not exist' },
      { row: 4, field: 'ip', message: 'ip must be an ip address' },
    ]);
  });

  it('reports a CSV that cannot be parsed', () => {
    const { errors } = parseClientImport({ csv: 'name,mac,ip\n"pc1,08:00:27:0b:88:be' });
    expect(errors[0]).toMatchObject({ row: 0, field: 'csv' });
  });
});
