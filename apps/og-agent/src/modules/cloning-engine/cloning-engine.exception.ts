import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@og/nest-common';

/** Error codes of the cloning engine (answered as `{ statusCode, message, code }`). */
export const CLONING_ERRORS = {
  /** A parameter of the order is invalid for this PC (message names it). */
  badParameter: 'BAD_PARAMETER',
  /** The target partition or disk is mounted. */
  inUse: 'DEVICE_IN_USE',
} as const;

/** 400 naming the offending OpenGnsys parameter (`dsk`, `par`, `cpt`, `tam`, `nfn`, `ipr`…). */
export class BadOrderParameterException extends DomainException {
  constructor(parameter: string, message: string) {
    super(
      CLONING_ERRORS.badParameter,
      message.startsWith(parameter) ? message : `${parameter}: ${message}`,
      HttpStatus.BAD_REQUEST,
      { parameter },
    );
  }
}

/** 409: the disk or partition an order targets is mounted. */
export class DeviceInUseException extends DomainException {
  constructor(parameter: string, message: string) {
    super(CLONING_ERRORS.inUse, message, HttpStatus.CONFLICT, { parameter });
  }
}
