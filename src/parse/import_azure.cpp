// Azure DNS: `az network dns record-set list` JSON and `az network dns zone export` text.
//
// JSON: a list of record sets (also the REST {"value": [...]} page and a single record set, with
// the data at the top or under "properties"). Keys are matched ignoring case, so the current
// PascalCase ARM names (ARecords, CNAMERecord, TXTRecords, TTL) and the older camelCase ones
// (aRecords, cnameRecord, txtRecords, ttl) both read. `name` is relative to the zone, "@" being
// the apex; the zone comes from the record set's `id` (.../dnszones/<zone>/...) or its `fqdn`.
// Targets (cname, exchange, nsdname, ptrdname, SRV target, SOA host and email) are stored as
// typed and treated as absolute, so a missing dot is glue. Each TXTRecords entry is one record
// whose `value` strings DNS concatenates without a separator: each string is one quoted
// character-string. A non-empty targetResource makes an alias record (record_flag::alias).
//
// ARM template (the portal's "Export template"): {"resources": [...]} with the zone resource
// ("Microsoft.Network/dnszones", its name literal or "[parameters('p')]" with p's defaultValue)
// and one resource per record set, named "zone/relative" or
// "[concat(parameters('p'), '/relative')]"; the relative part is the record set's name.
//
// Export: read as a zone file under its "$ORIGIN zone." line; blank-owner lines continue the
// owner above as in any zone file. The zone named in the header ("; Zone name: example.com")
// is the origin until then. Two quirks of Azure's own output are read as Azure means them: the
// SOA mailbox it writes without a trailing dot, and a "$ORIGIN" written without one (the
// portal's export), are absolute.

#include <fmt/format.h>

#include "model/record.hpp"
#include "parse/import_common.hpp"

namespace zonelint::import {
namespace {

std::size_t ifind(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (ascii_iequals(haystack.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

// The record-data key of each type Azure DNS serves, as the current CLI prints it.
struct AzureType {
  std::string_view type;
  std::string_view key;
  bool list;  // an array of records (else one object)
};
constexpr AzureType azure_types[] = {
    {"A", "ARecords", true},       {"AAAA", "AAAARecords", true}, {"CAA", "CAARecords", true},
    {"CNAME", "CNAMERecord", false}, {"MX", "MXRecords", true},   {"NS", "NSRecords", true},
    {"PTR", "PTRRecords", true},   {"SOA", "SOARecord", false},   {"SRV", "SRVRecords", true},
    {"TXT", "TXTRecords", true},   {"DS", "DSRecords", true},     {"NAPTR", "NAPTRRecords", true},
    {"TLSA", "TLSARecords", true},
};

class AzureImporter : Importer {
 public:
  using Importer::Importer;

  void run();

 private:
  void record_set(const doc::Value& rs, const Piece* arm_name = nullptr);
  void zone_from(const doc::Value& rs, const doc::Value& name);
  void arm_template(const doc::Value& root, const doc::Value& resources);
  void set_zone(std::string zone);
  const doc::Value* field(const doc::Value& object, std::string_view key, doc::Kind kind);

  Name zone_;
  bool wrote_ = false;
};

// A member of `object` (key ignoring case) of the given kind; reports and returns null otherwise.
const doc::Value* AzureImporter::field(const doc::Value& object, std::string_view key, doc::Kind kind) {
  const doc::Member* m = object.find_member_icase(key);
  if (m == nullptr) {
    findings_.error(opening(object), fmt::format("this record has no \"{}\"", key));
    return nullptr;
  }
  if (m->value.kind != kind) {
    findings_.error(m->value.span, fmt::format("\"{}\" must be {}, found {}", key, kind_phrase(kind),
                                               kind_phrase(m->value.kind)));
    return nullptr;
  }
  if (kind == doc::Kind::number) {
    const auto n = m->value.as_int64();
    if (!n || *n < 0 || *n > 4294967295) {
      findings_.error(m->value.span, fmt::format("\"{}\" must be a whole number from 0 to 4294967295", key));
      return nullptr;
    }
  }
  return &m->value;
}

void AzureImporter::zone_from(const doc::Value& rs, const doc::Value& name) {
  if (!zone_.empty()) return;
  std::string zone;
  if (const doc::Member* id = rs.find_member_icase("id"); id != nullptr && id->value.kind == doc::Kind::string) {
    const std::string_view s = id->value.text.str();
    for (const std::string_view marker : {std::string_view("/dnszones/"), std::string_view("/privateDnsZones/")}) {
      const std::size_t at = ifind(s, marker);
      if (at == std::string_view::npos) continue;
      const std::size_t b = at + marker.size();
      zone = std::string(s.substr(b, s.find('/', b) - b));
      break;
    }
  }
  if (zone.empty()) {
    if (const doc::Member* fqdn = rs.find_member_icase("fqdn"); fqdn != nullptr && fqdn->value.kind == doc::Kind::string) {
      const std::string_view f = fqdn->value.text.str();
      const std::string_view n = name.text.str();
      if (n == "@") zone = std::string(f);
      else if (f.size() > n.size() + 1 && ascii_iequals(f.substr(0, n.size()), n) && f[n.size()] == '.')
        zone = std::string(f.substr(n.size() + 1));
    }
  }
  if (zone.empty()) return;
  if (!zone.ends_with('.')) zone += '.';
  Name parsed;
  NameError error;
  if (parse_name(zone, NameView(), parsed, error)) zone_ = parsed;
}

void AzureImporter::set_zone(std::string zone) {
  if (!zone_.empty() || zone.empty()) return;
  if (!zone.ends_with('.')) zone += '.';
  Name parsed;
  NameError error;
  if (parse_name(zone, NameView(), parsed, error)) zone_ = parsed;
}

void AzureImporter::arm_template(const doc::Value& root, const doc::Value& resources) {
  // "[parameters('p')]" or "[concat(parameters('p'), ...": p's defaultValue.
  const auto parameter = [&](std::string_view expression) -> std::string {
    const std::size_t at = ifind(expression, "parameters('");
    if (at == std::string_view::npos) return {};
    const std::size_t b = at + 12;
    const std::size_t e = expression.find('\'', b);
    if (e == std::string_view::npos) return {};
    const doc::Member* params = root.find_member_icase("parameters");
    if (params == nullptr || params->value.kind != doc::Kind::object) return {};
    const doc::Member* p = params->value.find_member_icase(expression.substr(b, e - b));
    if (p == nullptr || p->value.kind != doc::Kind::object) return {};
    const doc::Member* value = p->value.find_member_icase("defaultValue");
    if (value == nullptr || value->value.kind != doc::Kind::string) return {};
    return std::string(value->value.text.str());
  };
  const auto type_of = [](const doc::Value& r) -> std::string_view {
    const doc::Member* t = r.find_member_icase("type");
    return t != nullptr && t->value.kind == doc::Kind::string ? t->value.text.str() : std::string_view();
  };
  // The zone first: its resource may come after the record sets.
  for (const doc::Value& r : resources.items) {
    if (r.kind != doc::Kind::object || !ascii_iequals(type_of(r), "Microsoft.Network/dnszones")) continue;
    const doc::Member* name = r.find_member_icase("name");
    if (name == nullptr || name->value.kind != doc::Kind::string) continue;
    const std::string_view n = name->value.text.str();
    set_zone(n.starts_with('[') ? parameter(n) : std::string(n));
  }
  for (const doc::Value& r : resources.items) {
    const std::string_view type = type_of(r);
    if (r.kind != doc::Kind::object || ifind(type, "Microsoft.Network/dnszones/") != 0) continue;
    const doc::Member* name = r.find_member_icase("name");
    if (name == nullptr || name->value.kind != doc::Kind::string) {
      record_set(r);  // reports the missing name
      continue;
    }
    // The record set's own name: after "'/" in a concat expression, else after the zone's "/".
    const doc::Text& text = name->value.text;
    const std::string_view n = text.str();
    std::uint32_t b = 0, e = 0;
    if (n.starts_with('[')) {
      const std::size_t open = n.find("'/");
      const std::size_t close = open == std::string_view::npos ? open : n.find('\'', open + 2);
      if (close != std::string_view::npos) {
        b = static_cast<std::uint32_t>(open + 2);
        e = static_cast<std::uint32_t>(close);
        if (zone_.empty()) set_zone(parameter(n));
      }
    } else if (const std::size_t slash = n.find('/'); slash != std::string_view::npos) {
      b = static_cast<std::uint32_t>(slash + 1);
      e = static_cast<std::uint32_t>(n.size());
      if (zone_.empty()) set_zone(std::string(n.substr(0, slash)));
    }
    if (e <= b) {
      findings_.error(name->value.span, "cannot read the record set's name from this ARM resource name; write it "
                                        "as \"zone/name\" or \"[concat(parameters('zone'), '/name')]\"");
      continue;
    }
    const Piece own(text, b, e);
    record_set(r, &own);
  }
}

void AzureImporter::record_set(const doc::Value& rs, const Piece* arm_name) {
  if (rs.kind != doc::Kind::object) {
    findings_.error(rs.span, fmt::format("expected a record set (an object with name, type, TTL and its records), "
                                         "found {}",
                                         kind_phrase(rs.kind)));
    return;
  }
  const doc::Member* name = rs.find_member_icase("name");
  if (arm_name == nullptr && (name == nullptr || name->value.kind != doc::Kind::string)) {
    findings_.error(name == nullptr ? opening(rs) : name->value.span,
                    name == nullptr ? std::string("this record set has no \"name\"")
                                    : fmt::format("\"name\" must be a string, found {}", kind_phrase(name->value.kind)));
    return;
  }
  if (arm_name == nullptr && name->value.text.empty()) {
    findings_.error(name->value.span, "the record set's name is empty; the zone's apex is \"@\"");
    return;
  }
  // The data sits at the top (CLI) or under "properties" (REST, ARM).
  const doc::Value* props = &rs;
  if (const doc::Member* p = rs.find_member_icase("properties"); p != nullptr && p->value.kind == doc::Kind::object)
    props = &p->value;

  // The type: the last part of "Microsoft.Network/dnszones/CNAME", else the record key present.
  const AzureType* type = nullptr;
  Piece type_piece;
  const doc::Member* type_member = rs.find_member_icase("type");
  if (type_member != nullptr && type_member->value.kind == doc::Kind::string) {
    const doc::Text& t = type_member->value.text;
    const std::string_view s = t.str();
    const std::size_t slash = s.rfind('/');
    const std::uint32_t b = slash == std::string_view::npos ? 0 : static_cast<std::uint32_t>(slash + 1);
    type_piece = Piece(t, b, t.size());
    if (ascii_iequals(s.substr(0, b), "Microsoft.Network/") || ascii_iequals(type_piece.str(), "dnszones") ||
        ascii_iequals(type_piece.str(), "privateDnsZones")) {
      findings_.error(type_member->value.span, "this is a DNS zone, not a record set; export the records with az "
                                               "network dns record-set list");
      return;
    }
    for (const AzureType& a : azure_types)
      if (ascii_iequals(a.type, type_piece.str())) type = &a;
    if (type == nullptr) {
      findings_.error(t.span(b, t.size()),
                      fmt::format("unknown record type \"{}\"; Azure DNS serves A, AAAA, CAA, CNAME, DS, MX, NAPTR, "
                                  "NS, PTR, SOA, SRV, TLSA and TXT",
                                  shown(type_piece.str())));
      return;
    }
  } else {
    for (const AzureType& a : azure_types) {
      const doc::Member* m = props->find_member_icase(a.key);
      if (m != nullptr && m->value.kind != doc::Kind::null) {
        type = &a;
        type_piece = Piece(m->key);
        break;
      }
    }
    if (type == nullptr) {
      findings_.error(opening(rs), "this record set has no \"type\" and no records (ARecords, CNAMERecord, "
                                   "TXTRecords, ...)");
      return;
    }
  }
  const RRType code = *type_from_text(type->type);
  if (arm_name == nullptr) zone_from(rs, name->value);

  const doc::Member* ttl = props->find_member_icase("ttl");
  if (ttl == nullptr) {
    findings_.error(opening(rs), "this record set has no \"TTL\"");
    return;
  }
  if (!unsigned_number(ttl->value, 2147483647)) {
    findings_.error(ttl->value.span, ttl->value.kind == doc::Kind::number
                                         ? "TTL must be a whole number of seconds from 0 to 2147483647"
                                         : fmt::format("TTL must be a number, found {}", kind_phrase(ttl->value.kind)));
    return;
  }

  Entry entry;
  entry.where = rs.span;
  entry.owner = Part::make_name(arm_name != nullptr ? *arm_name : Piece(name->value.text), Syntax::plain, false);
  entry.owner_at_means_origin = true;
  entry.ttl = Part::make_scalar(ttl->value);
  // The type as the synthesised text spells it: from "type" when given, else glue.
  Entry base = entry;
  const bool type_from_member = type_member != nullptr && type_member->value.kind == doc::Kind::string;
  if (type_from_member) base.type = type_piece;

  if (!type_from_member) {
    // No "type" member: the mnemonic, mapped to the record key that told it.
    base.type_glue = std::string(type->type);
    base.type_where = type_piece.span();
  }
  const auto emit = [&](const Entry& one) {
    writer_.write(one);
    wrote_ = true;
  };

  // Alias record sets point at an Azure resource instead of holding data.
  if (const doc::Member* target = props->find_member_icase("targetResource");
      target != nullptr && target->value.kind == doc::Kind::object) {
    if (const doc::Member* id = target->value.find_member_icase("id");
        id != nullptr && id->value.kind == doc::Kind::string && !id->value.text.empty()) {
      Entry one = base;
      one.flags = record_flag::alias;
      one.rdata.push_back(Part::make_scalar(id->value));
      emit(one);
      return;
    }
  }

  const doc::Member* data = props->find_member_icase(type->key);
  if (data == nullptr || data->value.kind == doc::Kind::null) return;  // an empty record set publishes nothing
  if (code == rr::DS || code == rr::NAPTR || code == rr::TLSA) {
    findings_.warning(data->key_span, fmt::format("zonelint does not read Azure {} record sets yet; these records "
                                                  "are not checked",
                                                  type->type));
    return;
  }
  const doc::Kind expected = type->list ? doc::Kind::array : doc::Kind::object;
  if (data->value.kind != expected) {
    findings_.error(data->value.span, fmt::format("\"{}\" must be {}, found {}", type->key, kind_phrase(expected),
                                                  kind_phrase(data->value.kind)));
    return;
  }
  std::vector<const doc::Value*> records;
  if (type->list) {
    for (const doc::Value& item : data->value.items) records.push_back(&item);
  } else {
    records.push_back(&data->value);
  }
  for (const doc::Value* r : records) {
    if (r->kind != doc::Kind::object) {
      findings_.error(r->span, fmt::format("expected {} record (an object), found {}", type->type, kind_phrase(r->kind)));
      continue;
    }
    Entry one = base;
    std::vector<Part>& rd = one.rdata;
    const auto name_field = [&](std::string_view key) {
      const doc::Value* v = field(*r, key, doc::Kind::string);
      if (v == nullptr) return false;
      if (v->text.empty()) {
        findings_.error(v->span, fmt::format("\"{}\" is empty", key));
        return false;
      }
      rd.push_back(Part::make_name(Piece(v->text), Syntax::plain, true));
      return true;
    };
    const auto number_field = [&](std::string_view key) {
      const doc::Value* v = field(*r, key, doc::Kind::number);
      if (v == nullptr) return false;
      rd.push_back(Part::make_scalar(*v));
      return true;
    };
    const auto word_field = [&](std::string_view key) {
      const doc::Value* v = field(*r, key, doc::Kind::string);
      if (v == nullptr) return false;
      if (v->text.empty()) {
        findings_.error(v->span, fmt::format("\"{}\" is empty", key));
        return false;
      }
      rd.push_back(Part::make_scalar(*v));
      return true;
    };
    bool ok = false;
    switch (code) {
      case rr::A: ok = word_field("ipv4Address"); break;
      case rr::AAAA: ok = word_field("ipv6Address"); break;
      case rr::CNAME: ok = name_field("cname"); break;
      case rr::NS: ok = name_field("nsdname"); break;
      case rr::PTR: ok = name_field("ptrdname"); break;
      case rr::MX: ok = number_field("preference") && name_field("exchange"); break;
      case rr::SRV: ok = number_field("priority") && number_field("weight") && number_field("port") &&
                         name_field("target");
        break;
      case rr::SOA:
        ok = name_field("host") && name_field("email") && number_field("serialNumber") && number_field("refreshTime") &&
             number_field("retryTime") && number_field("expireTime") && number_field("minimumTTL");
        break;
      case rr::CAA: {
        ok = number_field("flags") && word_field("tag");
        if (ok) {
          const doc::Value* v = field(*r, "value", doc::Kind::string);
          ok = v != nullptr;
          if (ok) rd.push_back(Part::make_quoted(Piece(v->text)));
        }
        break;
      }
      case rr::TXT: {
        const doc::Value* v = field(*r, "value", doc::Kind::array);
        if (v == nullptr) break;
        if (v->items.empty()) {
          findings_.error(v->span, "this TXT record has no strings");
          break;
        }
        ok = true;
        for (const doc::Value& s : v->items) {
          if (s.kind != doc::Kind::string) {
            findings_.error(s.span, fmt::format("a TXT value must be a string, found {}", kind_phrase(s.kind)));
            ok = false;
            break;
          }
          rd.push_back(Part::make_quoted(Piece(s.text)));
        }
        break;
      }
      default: break;
    }
    if (ok) emit(one);
  }
}

void AzureImporter::run() {
  out_.format = InputFormat::azure_json;
  const JsonDocument json = read_json_or_yaml(file_);
  if (!json.ok()) {
    findings_.error(json.error->span, json.error->message);
  } else {
    const doc::Value& root = json.root;
    if (root.kind == doc::Kind::array) {
      for (const doc::Value& rs : root.items) record_set(rs);
    } else if (root.kind == doc::Kind::object && root.find_member_icase("value") != nullptr &&
               root.find_member_icase("value")->value.kind == doc::Kind::array) {
      for (const doc::Value& rs : root.find_member_icase("value")->value.items) record_set(rs);
    } else if (root.kind == doc::Kind::object && root.find_member_icase("resources") != nullptr &&
               root.find_member_icase("resources")->value.kind == doc::Kind::array) {
      arm_template(root, root.find_member_icase("resources")->value);
    } else if (root.kind == doc::Kind::object) {
      record_set(root);
    } else {
      findings_.error(root.span, fmt::format("expected the output of az network dns record-set list (an array of "
                                             "record sets), found {}",
                                             kind_phrase(root.kind)));
    }
  }
  // Names are relative to the zone: without it nothing can be read.
  Name apex = zone_.empty() && options_.origin ? *options_.origin : zone_;
  if (apex.empty() && wrote_) {
    findings_.error({file_.id(), 0, 0},
                    "cannot tell which zone these Azure record sets belong to: their names are relative to the zone, "
                    "and neither their id nor their fqdn names it; give the zone with --origin (for example --origin "
                    "example.com)");
    out_.text.emplace(file_.id(), std::string(), std::vector<TextSource::Segment>{});
    return;
  }
  out_.apex = apex;
  out_.reader_origin = apex;
  out_.annotations = std::move(writer_.annotations);
  out_.text.emplace(std::move(writer_).finish());
}

}  // namespace

void import_azure_json(const SourceFile& file, const ImportOptions& options, Import& out) {
  AzureImporter(file, options, out).run();
}

void import_azure_export(const SourceFile& file, const ImportOptions& options, Import& out) {
  out.format = InputFormat::azure_export;
  const std::string_view text = file.bytes();
  const std::vector<BindLine> lines = bind_lines(text);
  Name header;
  TextPatcher patcher(file.id(), text);
  for (const BindLine& line : lines) {
    if (line.comment) {
      const std::string_view zone = line.header_value(text, "Zone name:");
      if (zone.empty() || !header.empty()) continue;
      std::string dotted(zone);
      if (!dotted.ends_with('.')) dotted += '.';
      NameError error;
      if (!parse_name(dotted, NameView(), header, error)) header = Name();
      continue;
    }
    // "@ 3600 IN SOA ns1-01.azure-dns.com. azuredns-hostmaster.microsoft.com (": Azure writes the
    // stored mailbox without its trailing dot; it is absolute (Azure ignores the SOA of an import).
    const auto field_text = [&](const BindField& f) { return text.substr(f.begin, f.end - f.begin); };
    if (line.fields.size() >= 6 && ascii_iequals(field_text(line.fields[3]), "SOA")) {
      const BindField& rname = line.fields[5];
      const std::string_view r = field_text(rname);
      if (!r.ends_with('.') && r.find('.') != std::string_view::npos && r.find('\\') == std::string_view::npos)
        patcher.insert(".", rname.end);
      continue;
    }
    // "$ORIGIN adatum.com" (the portal's export): the zone's name, absolute.
    const std::string_view l = text.substr(line.begin, line.end - line.begin);
    if (!l.starts_with("$ORIGIN") || l.size() < 8 || (l[7] != ' ' && l[7] != '\t')) continue;
    std::size_t b = l.find_first_not_of(" \t", 7);
    if (b == std::string_view::npos) continue;
    std::size_t e = l.find_first_of(" \t;\r", b);
    if (e == std::string_view::npos) e = l.size();
    const std::string_view arg = l.substr(b, e - b);
    if (arg.ends_with('.') || arg.find('\\') != std::string_view::npos) continue;
    patcher.insert(".", static_cast<std::uint32_t>(line.begin + e));
  }
  const Name origin = !header.empty() ? header : options.origin.value_or(Name());
  out.apex = origin;
  out.reader_origin = origin;
  out.text.emplace(std::move(patcher).finish());
}

}  // namespace zonelint::import
