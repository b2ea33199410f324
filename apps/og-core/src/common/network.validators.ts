import { ValidatorConstraint, ValidatorConstraintInterface, ValidationArguments } from 'class-validator';

/** A contiguous dotted IPv4 netmask (`255.255.255.0`). */
@ValidatorConstraint({ name: 'isNetmask' })
export class IsNetmask implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return false;
    const octets = value.split('.').map(Number);
    if (octets.some((o) => o > 255)) return false;
    const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
    return /^1*0*$/.test(bits);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a dotted IPv4 netmask such as 255.255.255.0`;
  }
}

/** Multicast port: an even number from 9000 to 9098 (OpenGnsys classroom defaults). */
@ValidatorConstraint({ name: 'isEvenPort' })
export class IsEvenPort implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      Number.isInteger(value) && (value as number) >= 9000 && (value as number) <= 9098 && (value as number) % 2 === 0
    );
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an even port from 9000 to 9098`;
  }
}

/** Multicast group for a classroom network: 239.194.<2nd octet>.<3rd octet> (OpenGnsys rule). */
export function defaultMulticastAddress(router: string | null): string | null {
  if (!router) return null;
  const [, b, c] = router.split('.');
  return `239.194.${b}.${c}`;
}
