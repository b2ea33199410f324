import { formatBytes, hardwareFromLshw, LshwNode } from './hardware';

/** The shape `lshw -json` prints on a KVM guest and on a desktop PC (trimmed). */
const tree: LshwNode = {
  id: 'pc12',
  class: 'system',
  description: 'Desktop Computer',
  vendor: 'Dell Inc.',
  product: 'OptiPlex 7060',
  children: [
    {
      id: 'core',
      class: 'bus',
      description: 'Motherboard',
      vendor: 'Dell Inc.',
      product: '0C96W1',
      children: [
        {
          id: 'firmware',
          class: 'memory',
          description: 'BIOS',
          vendor: 'Dell Inc.',
          version: '1.4.2',
          date: '06/11/2019',
        },
        { id: 'memory', class: 'memory', description: 'System Memory', size: 17179869184, units: 'bytes' },
        { id: 'cpu', class: 'processor', vendor: 'Intel Corp.', product: 'Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz' },
        {
          id: 'pci',
          class: 'bridge',
          children: [
            { id: 'display', class: 'display', vendor: 'Intel Corporation', product: 'UHD Graphics 630' },
            { id: 'multimedia', class: 'multimedia', vendor: 'Intel Corporation', product: 'Cannon Lake PCH cAVS' },
            { id: 'usb', class: 'bus', vendor: 'Intel Corporation', product: 'Cannon Lake PCH USB 3.1 xHCI' },
            {
              id: 'storage',
              class: 'storage',
              vendor: 'Samsung',
              product: 'NVMe SSD Controller',
              children: [{ id: 'disk', class: 'disk', product: 'Samsung SSD 970', size: 256060514304, units: 'bytes' }],
            },
            {
              id: 'network',
              class: 'network',
              vendor: 'Intel Corporation',
              product: 'Ethernet Connection (7) I219-LM',
              serial: 'd8:9e:f3:12:34:56',
            },
            { id: 'cdrom', class: 'disk', vendor: 'HL-DT-ST', product: 'DVD+-RW GU90N' },
            { id: 'network:1', class: 'network', product: 'Disabled NIC', disabled: true },
          ],
        },
      ],
    },
  ],
};

describe('hardwareFromLshw', () => {
  it('types components as OpenGnsys listHardwareInfo does', () => {
    expect(hardwareFromLshw(tree)).toEqual([
      { component: 'mod', value: 'Dell Inc. OptiPlex 7060' },
      { component: 'boa', value: 'Dell Inc. 0C96W1' },
      { component: 'bio', value: 'Dell Inc. 1.4.2 06/11/2019' },
      { component: 'mem', value: 'System Memory 16 GiB' },
      { component: 'cpu', value: 'Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz' },
      { component: 'vga', value: 'Intel Corporation UHD Graphics 630' },
      { component: 'aud', value: 'Intel Corporation Cannon Lake PCH cAVS' },
      { component: 'usb', value: 'Intel Corporation Cannon Lake PCH USB 3.1 xHCI' },
      { component: 'sto', value: 'Samsung NVMe SSD Controller' },
      { component: 'dis', value: 'Samsung SSD 970 238.5 GiB' },
      { component: 'net', value: 'Intel Corporation Ethernet Connection (7) I219-LM d8:9e:f3:12:34:56' },
      { component: 'cdr', value: 'HL-DT-ST DVD+-RW GU90N' },
    ]);
  });

  it('accepts the array form and keeps the MAC of a virtio interface under its controller', () => {
    const kvm: LshwNode[] = [
      {
        id: 'vm',
        class: 'system',
        description: 'Computer',
        children: [
          {
            id: 'network',
            class: 'network',
            vendor: 'Red Hat, Inc.',
            product: 'Virtio 1.0 network device',
            children: [
              { id: 'virtio2', class: 'network', description: 'Ethernet interface', serial: '02:fc:00:00:00:01' },
            ],
          },
        ],
      },
    ];
    expect(hardwareFromLshw(kvm)).toEqual([{ component: 'net', value: 'Ethernet interface 02:fc:00:00:00:01' }]);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [25769803776, '24 GiB'],
    [1536 * 1024 * 1024, '1.5 GiB'],
  ])('%d is %s', (n, text) => expect(formatBytes(n)).toBe(text));
});
