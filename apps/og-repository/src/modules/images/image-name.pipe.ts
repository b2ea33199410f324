import { Injectable, PipeTransform } from '@nestjs/common';
import { AUXILIARY_SUFFIXES, AuxiliarySuffix, isCanonicalImageName } from '@og/contracts';
import { ImageException } from '@repository/modules/images/images.exception';

/** 400 `INVALID_IMAGE_NAME` unless the route parameter is a canonical image name (checked before any file access). */
@Injectable()
export class ImageNamePipe implements PipeTransform<unknown, string> {
  /** Returns the name unchanged when canonical. */
  transform(value: unknown): string {
    if (!isCanonicalImageName(value))
      throw new ImageException('INVALID_IMAGE_NAME', 'image names are 1–100 letters, digits, "-" or "_"', {
        name: String(value).slice(0, 200),
      });
    return value;
  }
}

/** 400 `UNKNOWN_AUXILIARY_SUFFIX` unless the parameter is one of {@link AUXILIARY_SUFFIXES}. */
@Injectable()
export class AuxiliarySuffixPipe implements PipeTransform<unknown, AuxiliarySuffix> {
  /** Returns the suffix unchanged when known. */
  transform(value: unknown): AuxiliarySuffix {
    if (!(AUXILIARY_SUFFIXES as readonly unknown[]).includes(value))
      throw new ImageException(
        'UNKNOWN_AUXILIARY_SUFFIX',
        `auxiliary file must be one of ${AUXILIARY_SUFFIXES.join(', ')}`,
      );
    return value as AuxiliarySuffix;
  }
}
