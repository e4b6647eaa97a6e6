// The browser's side of the search, in node: lunr.js and lunr-languages exactly as the search page loads
// them (the minified files theme_assets copies) and theme/static/js/search.js. Run by tests/test_search.py.
//
// Reads a JSON request on stdin, writes a JSON answer on stdout:
//   {words: [...]}                    -> {stems: [...]}         lunr.it.stemmer on each (lower-case) word
//   {trim: [...]}                     -> {trimmed: [...]}       lunr.it.trimmer on each token
//   {stopWords, pipeline, texts}      -> {analysed: [[...]]}    lunr.tokenizer, then the named pipeline
//   {index: FILE, queries: [...]}     -> {results: {q: [u]}}    search.js's query on the built index file
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(root, "node_modules/lunr/lunr.min.js"));
require(path.join(root, "node_modules/lunr-languages/min/lunr.stemmer.support.min.js"))(lunr);
require(path.join(root, "node_modules/lunr-languages/min/lunr.it.min.js"))(lunr);
const search = require(path.join(root, "theme/static/js/search.js"));

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const answer = {};
if (request.words) {
  answer.stems = request.words.map((w) => lunr.it.stemmer(new lunr.Token(w)).toString());
}
if (request.trim) {
  answer.trimmed = request.trim.map((w) => lunr.it.trimmer(new lunr.Token(w)).toString());
}
if (request.texts) {
  search.register(lunr, request.stopWords);
  const pipeline = lunr.Pipeline.load(request.pipeline);
  answer.analysed = request.texts.map((text) => pipeline.run(lunr.tokenizer(text)).map(String));
}
if (request.index) {
  const data = JSON.parse(fs.readFileSync(request.index, "utf8"));
  search.register(lunr, data.stopWords);
  const index = lunr.Index.load(data.index);
  answer.results = {};
  for (const query of request.queries) {
    const hits = search.search(lunr, index, query) || [];
    answer.results[query] = hits.map((hit) => data.docs[Number(hit.ref)].u);
  }
}
process.stdout.write(JSON.stringify(answer));
