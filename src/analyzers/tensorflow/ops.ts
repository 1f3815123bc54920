/**
 * @module The TensorFlow ops aigis looks for, by what they can do when a graph runs. Names are the registered
 * op names (tensorflow/core/ops/*.cc); the file and network lists follow the TensorAbuse study (ZJU-SEC,
 * 2024), which showed each of them reading, writing or sending data from a SavedModel.
 */

/** Ops that call back into Python: whatever function the process has registered, or code the graph names. */
export const PYTHON_OPS: ReadonlySet<string> = new Set([
  'PyFunc',
  'PyFuncStateless',
  'EagerPyFunc',
  // Not a stock op; the issue and other scanners name it, and a fork registering it would run Python.
  'PyCall',
]);

/** What the standard Saver uses; legitimate inside the saver's own subgraph or functions. */
export const CHECKPOINT_SAVE_OPS: ReadonlySet<string> = new Set(['Save', 'SaveV2', 'SaveSlices', 'MergeV2Checkpoints']);
export const CHECKPOINT_RESTORE_OPS: ReadonlySet<string> = new Set(['Restore', 'RestoreV2', 'RestoreSlice']);

/** Ops that read or write files named by a tensor or an attribute. */
export const FILE_OPS: ReadonlySet<string> = new Set([
  ...CHECKPOINT_SAVE_OPS,
  ...CHECKPOINT_RESTORE_OPS,
  'ReadFile',
  'WriteFile',
  'MatchingFiles',
  'ImmutableConst',
  'DebugIdentity',
  'DebugIdentityV2',
  'DebugIdentityV3',
  'CreateSummaryFileWriter',
  'FixedLengthRecordDataset',
  'FixedLengthRecordDatasetV2',
  'CSVDataset',
  'CSVDatasetV2',
  'ExperimentalCSVDataset',
  'TextLineDataset',
  'TFRecordDataset',
  'TFRecordDatasetV2',
  'LMDBDataset',
  'ExperimentalLMDBDataset',
  'MatchingFilesDataset',
  'ExperimentalMatchingFilesDataset',
  'SaveDataset',
  'SaveDatasetV2',
  'LoadDataset',
  'SnapshotDataset',
  'SnapshotDatasetV2',
  'WholeFileReader',
  'WholeFileReaderV2',
  'TextLineReader',
  'TextLineReaderV2',
  'FixedLengthRecordReader',
  'FixedLengthRecordReaderV2',
  'TFRecordReader',
  'TFRecordReaderV2',
  'LMDBReader',
]);

/** `tf.print` writes to stderr or a log unless its `output_stream` names a file (`file://...`). */
export const PRINT_OP = 'PrintV2';

/** Ops that connect to an address the graph names. */
export const NETWORK_OPS: ReadonlySet<string> = new Set([
  'Rpc',
  'TryRpc',
  'RpcCall',
  'RpcClient',
  'RpcServer',
  'RpcServerRegister',
  'RpcServerStart',
  'RegisterDataset',
  'RegisterDatasetV2',
  'DataServiceDataset',
  'DataServiceDatasetV2',
  'DataServiceDatasetV3',
  'DataServiceDatasetV4',
  'DistributedSave',
]);

/** Whether a node's op is one any rule judges, so the reader keeps it. */
export function isWatchedOp(op: string): boolean {
  return PYTHON_OPS.has(op) || FILE_OPS.has(op) || NETWORK_OPS.has(op) || op === PRINT_OP;
}
