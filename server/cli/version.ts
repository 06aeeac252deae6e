// The version the CLI reports, taken from package.json (inlined by esbuild into the bundle).
import pkg from "../../package.json";

export const TOOL_NAME = "kubeready";
export const VERSION: string = (pkg as { version: string }).version;
export const INFORMATION_URI = "https://github.com/kubeready/kubeready";
