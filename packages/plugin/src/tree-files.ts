import type { Tree } from '@nx/devkit';
import type { ProjectFiles } from '@mig/core';

/** An Nx Tree as the adapters' ProjectFiles: generators see files not yet written to disk. */
export function treeFiles(tree: Tree): ProjectFiles {
  return {
    exists: (p) => tree.exists(p),
    read: (p) => (tree.exists(p) && tree.isFile(p) ? (tree.read(p, 'utf-8') ?? undefined) : undefined),
    list: (p) => (tree.exists(p) && !tree.isFile(p) ? tree.children(p) : []),
  };
}
