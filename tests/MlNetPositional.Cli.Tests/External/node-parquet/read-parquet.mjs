// Prints an embed-file output as JSON, read by hyparquet: the schema elements, the key-value
// metadata and every row (int64 as numbers; float32 values widened exactly to JSON doubles).
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const rows = await parquetReadObjects({ file })
const json = {
  schema: metadata.schema.map(s => ({ name: s.name, type: s.type ?? null, repetition: s.repetition_type ?? null, converted: s.converted_type ?? null })),
  metadata: Object.fromEntries((metadata.key_value_metadata ?? []).map(kv => [kv.key, kv.value])),
  rows,
}
process.stdout.write(JSON.stringify(json, (_, v) => typeof v === 'bigint' ? Number(v) : v))
