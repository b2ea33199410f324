/** A tiny client of og-core's REST API, as an operator's script would use it. */
export class CoreApi {
  private token = '';

  constructor(readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<void> {
    const res = await this.call<{ accessToken: string }>('POST', '/auth/login', { username, password });
    this.token = res.accessToken;
  }

  get<T = any>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** @throws ApiError with the status and og-core's error body when the answer is not 2xx. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!res.ok)
      throw new ApiError(
        res.status,
        `${method} ${path} → ${res.status}: ${JSON.stringify(parsed?.message ?? parsed)}`,
        parsed,
      );
    return parsed as T;
  }
}

/** A non-2xx answer of og-core. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: any,
  ) {
    super(message);
  }
}
