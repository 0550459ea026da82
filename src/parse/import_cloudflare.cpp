// Cloudflare: the API's DNS records ({"result": [...]} from GET /zones/:id/dns_records, or the
// bare list) and the dashboard export (BIND text with ";;" headers).
//
// API: `name` and the names in `content` are absolute without a trailing dot (added as glue);
// `ttl` 1 means "automatic", published as 300 seconds and flagged record_flag::ttl_automatic;
// `proxied` becomes record_flag::proxied; MX/SRV/URI priorities are a separate `priority` field;
// SRV and CAA may come as a `data` object. TXT `content` is presentation text when it starts
// with a quote (Cloudflare's form since 2024) and unquoted text otherwise (older records), which
// Cloudflare publishes as one string split every 255 octets: it is quoted here the same way.
//
// Export: read as a zone file whose origin is the ";; Domain:" header. Its quirks are smoothed
// over with glue: the SOA owner, which Cloudflare writes without its trailing dot, is absolute,
// and TTL 1 is published as 300 (automatic). `; cf_tags=cf-proxied:true` comments set the
// proxied flag in the reader.

#include <limits>

#include <fmt/format.h>

#include "model/record.hpp"
#include "parse/import_common.hpp"

namespace zonelint::import {
namespace {

// Cloudflare's "automatic" TTL (developers.cloudflare.com/dns/manage-dns-records/reference/ttl/).
constexpr std::string_view automatic_ttl = "300";

class CloudflareImporter : Importer {
 public:
  using Importer::Importer;

  void run();

 private:
  void record(const doc::Value& r);
  void one_page(const doc::Value& root);
  bool number_member(const doc::Value& object, std::string_view key, const doc::Value*& out, bool required);
  bool string_member(const doc::Value& object, std::string_view key, const doc::Value*& out, bool required);

  ApexFinder apex_;
};

bool CloudflareImporter::string_member(const doc::Value& object, std::string_view key, const doc::Value*& out,
                                       bool required) {
  out = nullptr;
  const doc::Member* m = object.find_member(key);
  if (m == nullptr || (m->value.kind == doc::Kind::null && !required)) {
    if (required) findings_.error(opening(object), fmt::format("this record has no \"{}\"", key));
    return !required;
  }
  if (m->value.kind != doc::Kind::string) {
    findings_.error(m->value.span, fmt::format("\"{}\" must be a string, found {}", key, kind_phrase(m->value.kind)));
    return false;
  }
  out = &m->value;
  return true;
}

bool CloudflareImporter::number_member(const doc::Value& object, std::string_view key, const doc::Value*& out,
                                       bool required) {
  out = nullptr;
  const doc::Member* m = object.find_member(key);
  if (m == nullptr || m->value.kind == doc::Kind::null) {
    if (required) findings_.error(opening(object), fmt::format("this record has no \"{}\"", key));
    return !required;
  }
  if (!unsigned_number(m->value, std::numeric_limits<std::int64_t>::max())) {
    findings_.error(m->value.span, m->value.kind == doc::Kind::number
                                       ? fmt::format("\"{}\" must be a whole number", key)
                                       : fmt::format("\"{}\" must be a number, found {}", key,
                                                     kind_phrase(m->value.kind)));
    return false;
  }
  out = &m->value;
  return true;
}

void CloudflareImporter::record(const doc::Value& r) {
  if (r.kind != doc::Kind::object) {
    findings_.error(r.span, fmt::format("expected a DNS record (an object with name, type, content and ttl), "
                                        "found {}",
                                        kind_phrase(r.kind)));
    return;
  }
  const doc::Value* name = nullptr;
  const doc::Value* type = nullptr;
  if (!string_member(r, "name", name, true) || !string_member(r, "type", type, true)) return;
  if (name->text.empty()) {
    findings_.error(name->span, "the record's name is empty");
    return;
  }
  const std::string_view type_text = type->text.str();
  const auto code = type_from_text(type_text);
  if (!code || is_meta_type(*code)) {
    findings_.error(type->text.span(), fmt::format("unknown record type \"{}\"", shown(type_text)));
    return;
  }
  if (const doc::Member* zone = r.find_member("zone_name"); zone != nullptr && zone->value.kind == doc::Kind::string) {
    Name declared;
    NameError error;
    std::string text(zone->value.text.str());
    if (!text.ends_with('.')) text += '.';
    if (parse_name(text, NameView(), declared, error)) apex_.declared(declared);
  }

  Entry entry;
  entry.where = r.span;
  entry.owner = Part::make_name(Piece(name->text), Syntax::plain, true);
  entry.type = Piece(type->text);

  const doc::Value* ttl = nullptr;
  if (!number_member(r, "ttl", ttl, false)) return;
  if (ttl == nullptr || ttl->text.str() == "1") {
    entry.ttl = Part::make_glue(std::string(automatic_ttl), ttl != nullptr ? ttl->span : opening(r));
    entry.flags |= record_flag::ttl_automatic;
  } else if (*ttl->as_int64() > 2147483647) {
    findings_.error(ttl->span, "ttl must be at most 2147483647 seconds");
    return;
  } else {
    entry.ttl = Part::make_scalar(*ttl);
  }
  if (const doc::Member* proxied = r.find_member("proxied"); proxied != nullptr) {
    if (proxied->value.kind == doc::Kind::boolean) {
      if (proxied->value.boolean) entry.flags |= record_flag::proxied;
    } else if (proxied->value.kind != doc::Kind::null) {
      findings_.error(proxied->value.span,
                      fmt::format("\"proxied\" must be true or false, found {}", kind_phrase(proxied->value.kind)));
      return;
    }
  }

  const doc::Value* content = nullptr;
  if (!string_member(r, "content", content, false)) return;
  const doc::Member* data_member = r.find_member("data");
  const doc::Value* data =
      data_member != nullptr && data_member->value.kind == doc::Kind::object ? &data_member->value : nullptr;
  const doc::Value* priority = nullptr;
  if (!number_member(r, "priority", priority, false)) return;
  const bool has_priority_field = *code == rr::MX || *code == rr::SRV || *code == rr::URI;

  // The priority, given apart from the content (Cloudflare sets 0 when it is missing).
  const auto push_priority = [&](std::vector<Part>& rdata, const doc::Value* from_data) {
    if (from_data != nullptr) rdata.push_back(Part::make_scalar(*from_data));
    else if (priority != nullptr) rdata.push_back(Part::make_scalar(*priority));
    else rdata.push_back(Part::make_glue("0", opening(r)));
  };

  if (*code == rr::SRV && data != nullptr && data->find("target") != nullptr) {
    const doc::Value* fields[4] = {};
    const char* keys[4] = {"priority", "weight", "port", "target"};
    for (int k = 0; k < 3; ++k) {
      if (!number_member(*data, keys[k], fields[k], k != 0)) return;
    }
    if (!string_member(*data, "target", fields[3], true)) return;
    push_priority(entry.rdata, fields[0]);
    entry.rdata.push_back(Part::make_scalar(*fields[1]));
    entry.rdata.push_back(Part::make_scalar(*fields[2]));
    entry.rdata.push_back(Part::make_name(Piece(fields[3]->text), Syntax::plain, true));
  } else if (*code == rr::CAA && (content == nullptr || content->text.empty()) && data != nullptr) {
    const doc::Value* flags = nullptr;
    const doc::Value* tag = nullptr;
    const doc::Value* value = nullptr;
    if (!number_member(*data, "flags", flags, true) || !string_member(*data, "tag", tag, true) ||
        !string_member(*data, "value", value, true))
      return;
    entry.rdata.push_back(Part::make_scalar(*flags));
    entry.rdata.push_back(Part::make_scalar(*tag));
    entry.rdata.push_back(Part::make_quoted(Piece(value->text)));
  } else {
    if (content == nullptr) {
      findings_.error(opening(r), "this record has no \"content\"");
      return;
    }
    const Piece whole(content->text);
    if (is_single_name_type(*code) || *code == rr::MX) {
      if (whole.empty()) {
        findings_.error(content->span, fmt::format("the {} content is empty", type_text));
        return;
      }
      if (*code == rr::MX) push_priority(entry.rdata, nullptr);
      // One name, whatever it holds: a space or quote stays inside it for SES003 to point at.
      entry.rdata.push_back(Part::make_name(whole, Syntax::plain, true));
    } else {
      const Trimmed t = trim_blanks(whole);
      const bool txt = *code == rr::TXT || *code == rr::SPF;
      if (txt && (t.inner.empty() || t.inner.str().front() != '"')) {
        // Written without quotes (records from before 2024): Cloudflare publishes the whole
        // content as one string, white space included.
        entry.rdata.push_back(Part::make_quoted(whole));
      } else {
        const auto fields = trimmed_fields(whole, content->span, "content", type_text, "remove it");
        if (!fields) return;
        std::size_t skip = 0;
        if (has_priority_field) {
          push_priority(entry.rdata, nullptr);
          skip = 1;
        }
        presentation_parts(*code, *fields, Syntax::presentation, true, skip, entry.rdata);
      }
    }
  }
  const auto [b, e] = writer_.write(entry);
  apex_.owner(writer_.text().substr(b, e - b), *code);
}

// "result_info": {"page": 1, "total_pages": 2, ...}: one page of the zone's records; the others
// are not in this file, so what the zone seems to lack may be there.
void CloudflareImporter::one_page(const doc::Value& root) {
  const doc::Member* info = root.find_member("result_info");
  if (info == nullptr || info->value.kind != doc::Kind::object) return;
  const doc::Value* pages = info->value.find("total_pages");
  const doc::Value* page = info->value.find("page");
  const doc::Value* count = info->value.find("count");
  const doc::Value* total = info->value.find("total_count");
  const auto number = [](const doc::Value* v) -> std::int64_t {
    if (v == nullptr || v->kind != doc::Kind::number) return -1;
    return v->as_int64().value_or(-1);
  };
  const bool more_pages = number(pages) > 1 || (number(page) >= 1 && number(page) < number(pages));
  const bool fewer = number(count) >= 0 && number(total) > number(count);
  if (!more_pages && !fewer) return;
  out_.truncated = true;
  findings_.note({info->key_span.file, info->key_span.begin, info->value.span.end},
                 more_pages ? fmt::format("this response is page {} of {} of the zone's DNS records: the records on the "
                                          "other pages are not in it, so zonelint skips the checks of what the zone "
                                          "lacks (an incomplete DKIM set, no SPF or NS record); fetch every page (or "
                                          "a per_page large enough for all records), or export the whole zone with "
                                          "GET /zones/ZONE_ID/dns_records/export or the dashboard's Export, and check "
                                          "that",
                                          number(page) >= 1 ? number(page) : 1, number(pages))
                            : fmt::format("this response holds {} of the zone's {} DNS records: the others are not in "
                                          "it, so zonelint skips the checks of what the zone lacks (an incomplete "
                                          "DKIM set, no SPF or NS record); fetch every page (or a per_page large "
                                          "enough for all records), or export the whole zone with GET "
                                          "/zones/ZONE_ID/dns_records/export or the dashboard's Export, and check "
                                          "that",
                                          number(count), number(total)));
}

void CloudflareImporter::run() {
  out_.format = InputFormat::cloudflare_json;
  const JsonDocument json = parse_json(file_.bytes(), file_.id());
  if (!json.ok()) {
    findings_.error(json.error->span, json.error->message);
  } else {
    const doc::Value& root = json.root;
    const doc::Value* result = &root;
    if (root.kind == doc::Kind::object) {
      const doc::Member* m = root.find_member("result");
      if (m == nullptr) {
        findings_.error(opening(root), "expected the Cloudflare API's response {\"result\": [...]} or its list of "
                                       "DNS records");
        result = nullptr;
      } else {
        result = &m->value;
      }
    }
    if (result != nullptr) {
      if (result->kind == doc::Kind::array) {
        for (const doc::Value& r : result->items) record(r);
        if (root.kind == doc::Kind::object) one_page(root);
      } else if (result->kind == doc::Kind::object) {
        record(*result);  // GET of a single record
      } else {
        std::string why;
        if (const doc::Value* errors = root.find("errors");
            errors != nullptr && errors->kind == doc::Kind::array && !errors->items.empty()) {
          if (const doc::Value* message = errors->items.front().find("message");
              message != nullptr && message->kind == doc::Kind::string)
            why = fmt::format(" (the API reported: {})", shown(message->text.str()));
        }
        findings_.error(result->span, fmt::format("\"result\" must be an array of DNS records, found {}{}",
                                                  kind_phrase(result->kind), why));
      }
    }
  }
  hand_over(apex_, "Cloudflare API response");
}

// ---------------------------------------------------------------------------------------------
// Dashboard export

}  // namespace

void import_cloudflare_json(const SourceFile& file, const ImportOptions& options, Import& out) {
  CloudflareImporter(file, options, out).run();
}

void import_cloudflare_export(const SourceFile& file, const ImportOptions& options, Import& out) {
  out.format = InputFormat::cloudflare_export;
  const std::string_view text = file.bytes();
  ApexFinder apex;

  // The header names the zone: ";; Domain:     example.com."
  const std::vector<BindLine> lines = bind_lines(text);
  Name header;
  for (const BindLine& line : lines) {
    if (!line.comment) continue;
    const std::string_view rest = line.header_value(text, "Domain:");
    if (rest.empty()) continue;
    std::string domain(rest);
    if (!domain.ends_with('.')) domain += '.';
    NameError error;
    if (parse_name(domain, NameView(), header, error)) break;
    header = Name();
  }

  TextPatcher patcher(file.id(), text);
  for (const BindLine& line : lines) {
    if (line.fields.size() < 4) continue;
    const BindField& owner = line.fields[0];
    const BindField& ttl = line.fields[1];
    const BindField& type = line.fields[3];
    const std::string_view owner_text = text.substr(owner.begin, owner.end - owner.begin);
    const std::string_view ttl_text = text.substr(ttl.begin, ttl.end - ttl.begin);
    const std::string_view type_text = text.substr(type.begin, type.end - type.begin);
    if (!ascii_iequals(text.substr(line.fields[2].begin, line.fields[2].end - line.fields[2].begin), "IN")) continue;
    if (ttl_text.empty() || ttl_text.find_first_not_of("0123456789") != std::string_view::npos) continue;
    const auto code = type_from_text(type_text);
    std::string owner_absolute(owner_text);
    std::uint16_t flags = 0;
    patcher.copy_to(owner.begin);
    const std::uint32_t entry_begin = patcher.size();
    if (code == rr::SOA && !owner_text.ends_with('.')) {
      // Cloudflare writes the SOA owner without its trailing dot; it is the zone's name.
      std::string dotted = owner_absolute + ".";
      Name soa_owner;
      NameError error;
      if (parse_name(dotted, NameView(), soa_owner, error) && (header.empty() || soa_owner == header)) {
        patcher.copy_to(owner.end);
        patcher.insert(".", owner.end);
        owner_absolute = dotted;
      }
    }
    if (ttl_text == "1") {
      patcher.copy_to(ttl.begin);
      patcher.replace(ttl.begin, ttl.end, automatic_ttl);
      flags |= record_flag::ttl_automatic;
    }
    if (flags != 0) out.annotations.push_back({entry_begin, flags});
    if (code) apex.owner(owner_absolute, *code);
  }
  apex.declared(header);
  apex.option(options.origin);
  const ApexFinder::Result decided = apex.decide();
  out.apex = decided.apex;
  out.reader_origin = decided.apex;
  out.text.emplace(std::move(patcher).finish());
}

}  // namespace zonelint::import
