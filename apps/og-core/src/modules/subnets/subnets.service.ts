import { Injectable } from '@nestjs/common';
import { DomainException, NotFoundDomainException } from '@og/nest-common';
import { Page } from '@core/common/pagination';
import { CreateSubnetDto, SubnetQuery, UpdateSubnetDto } from './subnet.dto';
import { SubnetEntity } from './subnet.entity';
import { SubnetsRepository } from './subnets.repository';

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

/** Subnets: the address must be the network address of its netmask. */
@Injectable()
export class SubnetsService {
  constructor(private readonly subnets: SubnetsRepository) {}

  list(q: SubnetQuery): Promise<Page<SubnetEntity>> {
    return this.subnets.list(q);
  }

  async get(id: string): Promise<SubnetEntity> {
    const subnet = await this.subnets.findById(id);
    if (!subnet) throw new NotFoundDomainException('SUBNET_NOT_FOUND', `subnet ${id} not found`);
    return subnet;
  }

  create(dto: CreateSubnetDto): Promise<SubnetEntity> {
    this.checkNetwork(dto.address, dto.netmask);
    return this.subnets.save(dto);
  }

  async update(id: string, dto: UpdateSubnetDto): Promise<SubnetEntity> {
    const subnet = { ...(await this.get(id)), ...dto };
    this.checkNetwork(subnet.address, subnet.netmask);
    return this.subnets.save(subnet);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.subnets.remove(id);
  }

  private checkNetwork(address: string, netmask: string): void {
    if ((toInt(address) & toInt(netmask)) >>> 0 !== toInt(address))
      throw new DomainException(
        'SUBNET_ADDRESS',
        `address ${address} is not the network address for netmask ${netmask}`,
      );
  }
}
