// For integration tests: call our route handlers as Next would, with a real Request, and read the JSON answer.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Answer<T> {
  status: number;
  body: T;
}

export async function call<T>(
  handler: (...args: never[]) => Promise<Response>,
  path: string,
  params: Record<string, string> = {},
): Promise<Answer<T>> {
  const response = await (handler as unknown as Handler)(new Request(`http://127.0.0.1${path}`), {
    params: Promise.resolve(params),
  });
  return { status: response.status, body: (await response.json()) as T };
}
