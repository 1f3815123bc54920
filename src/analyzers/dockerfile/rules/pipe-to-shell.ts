import type { DockerfileRule } from '../rule.js';
import { shorten } from '../rule.js';
import type { DownloadExecution } from '../shell.js';

function describe(execution: DownloadExecution): string {
  const { downloader, interpreter } = execution;
  switch (execution.how) {
    case 'pipe':
      return `${downloader} output is piped straight into ${interpreter}`;
    case 'process-substitution':
      return `${interpreter} runs a script read from ${downloader} through <(...)`;
    case 'command-substitution':
      return `${interpreter} runs the text that ${downloader} fetched through $(...)`;
    case 'downloaded-file':
      return `a file fetched with ${downloader} is run${interpreter ? ` with ${interpreter}` : ' directly'} without a checksum or signature check first`;
  }
}

export const pipeToShell: DockerfileRule = {
  meta: {
    id: 'dockerfile/pipe-to-shell',
    title: 'Downloaded script run without verification',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-494'] },
    description:
      'Piping `curl` or `wget` into a shell (`curl -fsSL https://... | bash`, `bash <(curl ...)`, `sh -c "$(curl ...)"`) runs whatever the server returns at build time, as root, with nothing checking that it is the script that was reviewed. A compromised host, CDN or DNS record, or a changed installer, goes straight into every image built afterwards, including the credentials and model weights the build can see. A file downloaded and then run (`curl -o install.sh ... && sh install.sh`) is reported too, unless a checksum or signature tool (sha256sum, shasum, gpg, cosign, minisign) runs on it first in the same RUN. Heredoc scripts (`RUN <<EOF`) and `sh -c` exec forms are read as shell; interpreters such as python, perl and node count like shells.',
    fix: 'Download to a file, verify it against a checksum you recorded (`echo "<sha256>  install.sh" | sha256sum -c -`) or a signature, then run it; better, install from a package manager with pinned versions, or COPY a vendored installer. ADD with `--checksum=sha256:...` also verifies a download.',
  },
  check(model, report) {
    for (const run of model.runs) {
      for (const execution of run.facts.executions) {
        report({
          message: `${describe(execution)}: whatever the server returns is executed in the build unverified`,
          evidence: shorten(execution.text),
          position: run.locate(execution.range),
        });
      }
    }
  },
};
