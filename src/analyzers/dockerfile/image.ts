/** @module Image references as FROM, COPY --from and RUN --mount from= write them. */

export interface ImageRef {
  /** Registry and repository, e.g. `nvcr.io/nvidia/pytorch`. */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImage(reference: string): ImageRef {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = withoutDigest.lastIndexOf(':');
  const slash = withoutDigest.lastIndexOf('/');
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, tag: undefined, digest };
}

/** Pinned to content: `@sha256:` and 64 hex digits (or another algorithm's full digest). */
export function isDigestPinned(image: ImageRef): boolean {
  return image.digest !== undefined && /^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/.test(image.digest);
}

/** Images whose job is running models: their contents load and execute model files. */
const ML_RUNTIME = /(^|[/_.-])(pytorch|torch|tensorflow|cuda|nvidia|tritonserver|triton|huggingface|transformers|vllm|ollama|text-generation-inference|tgi|jax|onnxruntime|openvino|rocm|mlflow|ray|sglang|llama[.-]?cpp|localai|deepspeed|jupyter)([/_.-]|$)/i;

export function isMlRuntime(image: ImageRef): boolean {
  return ML_RUNTIME.test(image.name) || image.name.startsWith('nvcr.io/');
}

/** Base images built to run as a non-root user by default. */
export function runsAsNonRootByDefault(image: ImageRef): boolean {
  if (image.tag !== undefined && /(^|[-_.])nonroot([-_.]|$)/.test(image.tag)) return true;
  // Chainguard images run as nonroot (65532) except their -dev variants; Jupyter stacks as jovyan; Bitnami as 1001.
  if (image.name.startsWith('cgr.dev/chainguard/')) return !(image.tag ?? '').includes('dev');
  return /^(quay\.io\/|docker\.io\/)?(jupyter\/[a-z-]+-notebook|bitnami\/)/.test(image.name);
}
