// The version the CLI reports, taken from package.json (inlined by esbuild into the bundle).
// A named import: esbuild keeps only this field of package.json in the bundle, not the whole manifest.
import { version } from "../../package.json";

export const TOOL_NAME = "kubeready";
export const VERSION: string = version;
export const INFORMATION_URI = "https://github.com/kubeready/kubeready";
