// libFuzzer target: provider exports (Route 53, Cloudflare API and dashboard export, gcloud YAML
// and JSON, Azure JSON and export), read as zonelint reads them: format detected from the
// content (parse/format_detect.hpp), the importer, then the master-file reader over the text the
// importer synthesised.
//
// The format is the detected one. Content detected as a plain zone file, or as JSON/YAML that is
// no known export, is also read with the importer the last byte picks, as `--input-format` would
// force it: every importer must survive arbitrary bytes.
//
// Invariants: the importer always hands over a text; its segment map stays inside the export;
// every importer and reader finding is positioned inside the export; record offsets are ordered
// and map into the export; annotations are sorted; owners are valid wire names; importer findings
// respect the cap.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "parse/format_detect.hpp"
#include "parse/import_provider.hpp"
#include "parse/master_file_reader.hpp"

using namespace zonelint;

namespace {

class Checker final : public RecordSink {
 public:
  explicit Checker(const SourceSet& files) : files_(files) {}
  void on_record(const ParsedRecord& r) override {
    const auto size = static_cast<std::uint32_t>(r.source->text().size());
    FUZZ_CHECK(r.entry_begin <= r.rdata_begin && r.rdata_begin <= r.rdata_end && r.rdata_end <= size,
               "record offsets outside the synthesised text");
    fuzz::check_span(files_, r.source->span(r.entry_begin, r.rdata_end), "record");
    fuzz::check_span(files_, r.source->span(r.rdata_begin, r.rdata_end), "record RDATA");
    fuzz::check_wire_name(r.owner.wire(), "owner");
    FUZZ_CHECK(!r.owner.empty(), "record without an owner");
  }
  void on_diagnostic(Diagnostic d) override { fuzz::check_diagnostic(files_, d); }

 private:
  const SourceSet& files_;
};

constexpr InputFormat importers[] = {
    InputFormat::route53_json,      InputFormat::route53_change_batch, InputFormat::cloudflare_json,
    InputFormat::cloudflare_export, InputFormat::gcloud_yaml,          InputFormat::gcloud_json,
    InputFormat::azure_json,        InputFormat::azure_export,         InputFormat::terraform_json,
};

void read_as(SourceSet& files, FileId file, InputFormat format) {
  ImportOptions options;
  Import imported = import_provider_export(files.file(file), format, options);
  FUZZ_CHECK(imported.text.has_value(), "importer handed over no text");
  const TextSource& text = *imported.text;
  FUZZ_CHECK(text.file() == file, "imported text names another file");
  for (const Diagnostic& d : imported.diagnostics) {
    fuzz::check_diagnostic(files, d);
    FUZZ_CHECK(d.span.file == file, "importer finding in another file");
  }
  FUZZ_CHECK(imported.diagnostics.size() <= options.max_errors + 1, "more importer findings than the cap");
  const auto text_size = static_cast<std::uint32_t>(text.text().size());
  for (std::uint32_t at : {0u, text_size / 3, text_size / 2, text_size})
    fuzz::check_span(files, text.span(at, std::min(text_size, at + 16)), "imported text");
  fuzz::check_wire_name(imported.apex.wire(), "apex");
  fuzz::check_wire_name(imported.reader_origin.wire(), "reader origin");
  for (std::size_t i = 1; i < imported.annotations.size(); ++i)
    FUZZ_CHECK(imported.annotations[i - 1].entry_begin <= imported.annotations[i].entry_begin, "annotations not sorted");

  std::deque<TextSource> texts;
  texts.push_back(std::move(*imported.text));
  ReaderOptions reader_options;
  reader_options.origin = imported.reader_origin;
  reader_options.allow_include = false;
  reader_options.annotations = std::move(imported.annotations);
  Checker checker(files);
  MasterFileReader reader(files, texts, checker, std::move(reader_options));
  reader.read(0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  SourceSet files;
  const FileId file = files.add("export", std::string(bytes));
  const Detection detected = detect_input_format(files.file(file).bytes());
  FUZZ_CHECK(is_provider_export(bytes) == (detected.format != InputFormat::master_file && !detected.unknown_structured),
             "is_provider_export disagrees with detect_input_format");
  if (detected.format != InputFormat::master_file && !detected.unknown_structured) {
    read_as(files, file, detected.format);
  } else if (size > 0) {
    read_as(files, file, importers[data[size - 1] % std::size(importers)]);
  }
  return 0;
}
