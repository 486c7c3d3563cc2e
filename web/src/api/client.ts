/**
 * The one way the UI talks to the server: same-origin fetch with the session
 * cookie, the CSRF token on every state-changing request, typed errors, and a
 * hook that sends the user back to the login when the session has ended.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  request<T>(method: Method, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  upload<T>(path: string, form: FormData, onProgress: (loaded: number, total: number) => void): { promise: Promise<T>; abort: () => void };
  setCsrfToken(token: string | null): void;
  onUnauthorized(listener: () => void): () => void;
}

const base = '/api/v1';

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response: Response): Promise<ApiError> {
  let code = `http.${response.status}`;
  let message = response.statusText;
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    if (body.code) code = body.code;
    if (body.message) message = body.message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, code, message);
}

export function createApiClient(): ApiClient {
  let csrfToken: string | null = null;
  const listeners = new Set<() => void>();
  const unauthorized = (path: string) => {
    // A failed login or the session probe is not "the session ended".
    if (path.startsWith('/auth/login') || path.startsWith('/auth/me')) return;
    for (const listener of listeners) listener();
  };

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) unauthorized(path);
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  function upload<T>(path: string, form: FormData, onProgress: (loaded: number, total: number) => void) {
    const xhr = new XMLHttpRequest();
    const promise = new Promise<T>((resolve, reject) => {
      xhr.open('POST', `${base}${path}`);
      xhr.withCredentials = true;
      if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0));
      xhr.addEventListener('load', () => {
        let parsed: { code?: string; message?: string } | undefined;
        try {
          parsed = JSON.parse(xhr.responseText) as { code?: string; message?: string };
        } catch {
          parsed = undefined;
        }
        if (xhr.status === 401) unauthorized(path);
        if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
        else reject(new ApiError(xhr.status, parsed?.code ?? `http.${xhr.status}`, parsed?.message ?? xhr.statusText));
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'network error')));
      xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'aborted')));
      xhr.send(form);
    });
    return { promise, abort: () => xhr.abort() };
  }

  return {
    request,
    get: <T,>(path: string) => request<T>('GET', path),
    upload,
    setCsrfToken: (token) => {
      csrfToken = token;
    },
    onUnauthorized: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
