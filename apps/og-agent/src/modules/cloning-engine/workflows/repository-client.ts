import { AuxiliarySuffix, repositoryPaths } from '@og/contracts';
import type { IncomingMessage } from 'node:http';
import { getBuffer, ImagingError, openGet, parseSumText, repositoryBaseUrl } from '@og/imaging';

/** URLs and auth of the og-repository an order names in `ipr`. */
export class RepositoryClient {
  /** Base URL, e.g. `http://127.0.68.55:8006`. */
  readonly baseUrl: string;

  constructor(
    ipr: string,
    defaultPort: number,
    private readonly token: string,
  ) {
    this.baseUrl = repositoryBaseUrl(ipr, defaultPort);
  }

  /** `Authorization: Bearer <OG_AGENT_REPOSITORY_TOKEN>`. */
  headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }

  /** URL of `<name>.img`. */
  imageUrl(name: string): string {
    return `${this.baseUrl}${repositoryPaths.imageFile(name)}`;
  }

  /**
   * Starts downloading `<name>.img` whole: the answer, its body not yet read.
   * @throws ImagingError stage `stage` when the repository cannot be reached or answers other than 200.
   */
  async openImage(name: string, stage: 'check' | 'download', signal: AbortSignal): Promise<IncomingMessage> {
    const res = await openGet(this.imageUrl(name), { stage, headers: this.headers(), signal });
    if (res.statusCode === 200) return res;
    res.destroy();
    throw new ImagingError(stage, `GET ${name}.img answered HTTP ${res.statusCode}`);
  }

  /**
   * The MD5 in an auxiliary file (`sum` = last MiB, `full.sum` = whole file).
   * @throws ImagingError stage `check` when the repository does not have it.
   */
  async sum(name: string, suffix: Extract<AuxiliarySuffix, 'sum' | 'full.sum'>, signal: AbortSignal): Promise<string> {
    const url = `${this.baseUrl}${repositoryPaths.auxiliaryFile(name, suffix)}`;
    const res = await getBuffer(url, { stage: 'check', headers: this.headers(), signal, maxBytes: 4096 });
    const sum = res.status === 200 ? parseSumText(res.body.toString()) : null;
    if (!sum) throw new ImagingError('check', `repository has no usable ${name}.img.${suffix} (HTTP ${res.status})`);
    return sum;
  }
}
