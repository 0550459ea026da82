// Google Cloud DNS: `gcloud dns record-sets export` YAML (one document per record set) and
// `gcloud dns record-sets list --format=json` (a list of the same objects; the API's
// {"rrsets": [...]} response is read too).
//
// Names and rrdatas are in presentation format and must be fully qualified: Cloud DNS rejects a
// name or a hostname in rrdatas without its trailing dot. So they are kept exactly as written; a
// name without the dot is relative, gets the origin appended, and the rules report what that
// makes of it. Each rrdata is one entry; a value gcloud folded over two lines reads as one (the
// fold is a space, mapped to the line break). Routing policies (routingPolicy.wrr/geo/...) give
// their items' rrdatas, each distinct value once, flagged record_flag::routing_policy with the
// item as their set.

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "model/record.hpp"
#include "parse/import_common.hpp"
#include "parse/yaml_document.hpp"

namespace zonelint::import {
namespace {

class GcloudImporter : Importer {
 public:
  using Importer::Importer;

  void run(bool yaml);

 private:
  void record_set(const doc::Value& rs);
  // An rrdata and, under a routing policy, the item that holds it (a wrr or geo item, a
  // primaryBackup target): one answer of the policy.
  struct Rrdata {
    const doc::Value* value;
    const doc::Value* item = nullptr;
  };
  void collect_policy_rrdatas(const doc::Value& v, std::vector<Rrdata>& out, int depth);

  // Names written without their trailing dot: reported once the zone is known.
  void report_relative_names(NameView apex);

  ApexFinder apex_;
  std::vector<const doc::Value*> relative_names_;
};

bool ends_with_unescaped_dot(std::string_view s) {
  if (s.empty() || s.back() != '.') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = s.size() - 1; i-- > 0 && s[i] == '\\';) ++backslashes;
  return backslashes % 2 == 0;
}

bool iends_with(std::string_view s, std::string_view suffix) {
  if (suffix.size() > s.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) !=
        ascii_lower(static_cast<unsigned char>(suffix[i])))
      return false;
  return true;
}

// Cloud DNS takes only fully qualified names: a name without its trailing dot is refused by the
// API, as an rrdata without one is (SES001, ZONE003 report those). The name is read relative to
// the zone all the same, so the rules judge the record the user meant. A name that already ends
// with the zone's name is SES002's (the zone would be appended a second time).
void GcloudImporter::report_relative_names(NameView apex) {
  std::string zone = apex.empty() ? std::string() : apex.to_text();
  if (!zone.empty() && zone.back() == '.') zone.pop_back();
  for (const doc::Value* name : relative_names_) {
    const std::string_view written = name->text.str();
    if (!zone.empty() && (written.size() == zone.size() || (written.size() > zone.size() &&
                                                            written[written.size() - zone.size() - 1] == '.')) &&
        iends_with(written, zone))
      continue;
    findings_.error(name->text.span(),
                    zone.empty()
                        ? fmt::format("name \"{}\" has no trailing dot: Cloud DNS requires fully qualified names "
                                      "and rejects the change; write the whole name with its trailing dot",
                                      shown(written))
                        : fmt::format("name \"{}\" has no trailing dot: Cloud DNS requires fully qualified names "
                                      "and rejects the change (a zone-file import would read it as \"{}.{}.\"); "
                                      "write \"{}.{}.\"",
                                      shown(written), shown(written), zone, shown(written), zone));
  }
}

void GcloudImporter::collect_policy_rrdatas(const doc::Value& v, std::vector<Rrdata>& out, int depth) {
  if (depth > 8) return;
  if (v.kind == doc::Kind::array) {
    for (const doc::Value& item : v.items) collect_policy_rrdatas(item, out, depth + 1);
  } else if (v.kind == doc::Kind::object) {
    for (const doc::Member& m : v.members) {
      if (m.key.str() == "rrdatas" && m.value.kind == doc::Kind::array) {
        for (const doc::Value& item : m.value.items) out.push_back({&item, &v});
      } else {
        collect_policy_rrdatas(m.value, out, depth + 1);
      }
    }
  }
}

void GcloudImporter::record_set(const doc::Value& rs) {
  if (rs.kind == doc::Kind::null) return;  // an empty YAML document
  if (rs.kind != doc::Kind::object) {
    findings_.error(rs.span, fmt::format("expected a record set (kind, name, rrdatas, ttl, type), found {}",
                                         kind_phrase(rs.kind)));
    return;
  }
  const auto scalar = [&](std::string_view key) -> const doc::Value* {
    const doc::Member* m = rs.find_member(key);
    if (m == nullptr) {
      findings_.error(opening(rs), fmt::format("this record set has no \"{}\"", key));
      return nullptr;
    }
    if (!m->value.is_scalar() || m->value.kind == doc::Kind::null || m->value.kind == doc::Kind::boolean) {
      findings_.error(m->value.span,
                      fmt::format("\"{}\" must be {}, found {}", key, key == "ttl" ? "a number" : "a string",
                                  kind_phrase(m->value.kind)));
      return nullptr;
    }
    return &m->value;
  };
  const doc::Value* name = scalar("name");
  const doc::Value* type = scalar("type");
  const doc::Value* ttl = scalar("ttl");
  if (name == nullptr || type == nullptr || ttl == nullptr) return;
  if (name->text.empty()) {
    findings_.error(name->span, "the record set's name is empty");
    return;
  }
  const std::string_view type_text = type->text.str();
  const auto code = type_from_text(type_text);
  if (!code || is_meta_type(*code)) {
    findings_.error(type->text.span(), fmt::format("unknown record type \"{}\"", shown(type_text)));
    return;
  }
  if (!unsigned_number(*ttl, 2147483647)) {
    findings_.error(ttl->span, ttl->kind == doc::Kind::number
                                   ? "ttl must be a whole number of seconds from 0 to 2147483647"
                                   : fmt::format("ttl must be a number, found {}", kind_phrase(ttl->kind)));
    return;
  }

  std::vector<Rrdata> values;
  const doc::Member* rrdatas = rs.find_member("rrdatas");
  if (rrdatas != nullptr) {
    if (rrdatas->value.kind != doc::Kind::array) {
      findings_.error(rrdatas->value.span,
                      fmt::format("rrdatas must be a list, found {}", kind_phrase(rrdatas->value.kind)));
      return;
    }
    for (const doc::Value& item : rrdatas->value.items) values.push_back({&item});
  } else if (const doc::Member* policy = rs.find_member("routingPolicy")) {
    std::vector<Rrdata> all;
    collect_policy_rrdatas(policy->value, all, 0);
    std::unordered_set<std::string_view> seen;
    for (const Rrdata& v : all)
      if (seen.insert(v.value->text.str()).second) values.push_back(v);
  } else {
    findings_.error(opening(rs), "this record set has no \"rrdatas\"");
    return;
  }
  if (values.empty()) {
    findings_.error(rrdatas != nullptr ? rrdatas->value.span : opening(rs),
                    "this record set has no values; Cloud DNS needs at least one rrdata");
    return;
  }

  // (Blanks after the final dot are SES003's: the name is absolute all the same.)
  const Piece whole_name(name->text);
  if (!ends_with_unescaped_dot(name->text.str().substr(0, trailing_blanks(whole_name))))
    relative_names_.push_back(name);

  Entry entry;
  entry.where = rs.span;
  entry.owner = Part::make_name(Piece(name->text), Syntax::presentation, false);
  entry.type = Piece(type->text);
  entry.ttl = Part::make_scalar(*ttl);
  for (const Rrdata& rrdata : values) {
    const doc::Value* v = rrdata.value;
    if (!v->is_scalar() || v->kind == doc::Kind::null) {
      findings_.error(v->span, fmt::format("an rrdata must be a string, found {}", kind_phrase(v->kind)));
      continue;
    }
    Entry one = entry;
    if (rrdata.item != nullptr) {
      // Each item of a routing policy is one answer: its rrdatas are an RRset of their own,
      // marked by the item (record_flag::routing_policy).
      one.where = rrdata.item->span;
      one.flags |= record_flag::routing_policy;
    }
    const Piece whole(v->text);
    if (is_single_name_type(*code)) {
      if (whole.empty()) {
        findings_.error(v->span, fmt::format("the {} rrdata is empty", type_text));
        continue;
      }
      one.rdata.push_back(Part::make_name(whole, Syntax::presentation, false));
    } else {
      const auto fields = trimmed_fields(whole, v->span, "rrdata", type_text, "remove it");
      if (!fields) continue;
      one.rdata.push_back(Part::make_presentation(*fields));
    }
    const auto [b, e] = writer_.write(one);
    apex_.owner(writer_.text().substr(b, e - b), *code);
  }
}

void GcloudImporter::run(bool yaml) {
  out_.format = yaml ? InputFormat::gcloud_yaml : InputFormat::gcloud_json;
  // Keep the documents alive while the writer points into them.
  YamlStream stream;
  JsonDocument json;
  if (yaml) {
    stream = parse_yaml(file_.bytes(), file_.id());
    for (const YamlDocument& d : stream.documents) record_set(d.root);
    if (stream.error) findings_.error(stream.error->span, stream.error->message);
  } else {
    json = parse_json(file_.bytes(), file_.id());
    if (!json.ok()) {
      findings_.error(json.error->span, json.error->message);
    } else if (json.root.kind == doc::Kind::array) {
      for (const doc::Value& rs : json.root.items) record_set(rs);
    } else if (json.root.kind == doc::Kind::object && json.root.find("rrsets") != nullptr &&
               json.root.find("rrsets")->kind == doc::Kind::array) {
      for (const doc::Value& rs : json.root.find("rrsets")->items) record_set(rs);
    } else if (json.root.kind == doc::Kind::object && json.root.find("rrdatas") != nullptr) {
      record_set(json.root);  // one record set (gcloud dns record-sets describe --format=json)
    } else {
      findings_.error(json.root.kind == doc::Kind::object ? opening(json.root) : json.root.span,
                      "expected the output of gcloud dns record-sets list --format=json: a list of record sets "
                      "with kind, name, rrdatas, ttl and type");
    }
  }
  apex_.option(options_.origin);
  const ApexFinder::Result apex = apex_.decide();
  if (apex.ambiguous)
    findings_.error({file_.id(), 0, 0}, ambiguous_apex_message("Cloud DNS export", apex.reason));
  report_relative_names(apex.apex);
  out_.apex = apex.apex;
  out_.reader_origin = apex.apex;
  out_.annotations = std::move(writer_.annotations);
  out_.text.emplace(std::move(writer_).finish());
}

}  // namespace

void import_gcloud(const SourceFile& file, const ImportOptions& options, Import& out, bool yaml) {
  GcloudImporter(file, options, out).run(yaml);
}

}  // namespace zonelint::import
