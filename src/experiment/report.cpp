#include "ellopt/experiment/report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ellopt/core/atomic_file.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/run_store.hpp"

namespace ellopt::experiment {
namespace fs = std::filesystem;
namespace {

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string gnuplot_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  return fmt::format("{:.4g}", v);
}

}  // namespace

void render_plot_svg(const Plot& plot, const std::string& svg_path) {
  const fs::path svg(svg_path);
  const fs::path data = fs::path(svg).replace_extension(".dat");
  const fs::path script = fs::path(svg).replace_extension(".gp");
  {
    std::ofstream out(data);
    for (std::size_t s = 0; s < plot.series.size(); ++s) {
      const auto& series = plot.series[s];
      out << "# " << series.label << "\n";
      for (std::size_t i = 0; i < series.x.size() && i < series.y.size(); ++i) {
        const double x = series.x[i], y = series.y[i];
        // Log axes cannot show non-positive values; non-finite values are gaps.
        const bool drop =
            !std::isfinite(x) || !std::isfinite(y) || (plot.logx && x <= 0) || (plot.logy && y <= 0);
        if (!drop) out << fmt::format("{:.12g} {:.12g}\n", x, y);
      }
      out << "\n\n";
    }
  }
  {
    std::ofstream out(script);
    out << "set terminal svg size 720,440 dynamic enhanced font 'Helvetica,12' background rgb 'white'\n";
    out << "set output " << gnuplot_quote(svg.string()) << "\n";
    out << "set title " << gnuplot_quote(plot.title) << " noenhanced\n";
    out << "set xlabel " << gnuplot_quote(plot.xlabel) << " noenhanced\n";
    out << "set ylabel " << gnuplot_quote(plot.ylabel) << " noenhanced\n";
    out << "set grid\nset key below noenhanced\n";
    if (plot.logx) out << "set logscale x\nset format x '10^{%L}'\n";
    if (plot.logy) out << "set logscale y\nset format y '10^{%L}'\n";
    out << "plot ";
    for (std::size_t s = 0; s < plot.series.size(); ++s) {
      if (s) out << ", \\\n     ";
      out << gnuplot_quote(data.string()) << " index " << s << " using 1:2 with " << plot.series[s].style
          << " lw 2 title " << gnuplot_quote(plot.series[s].label);
    }
    out << "\n";
  }
  const std::string command = fmt::format("gnuplot {} 2>{}", gnuplot_quote(script.string()),
                                          gnuplot_quote(fs::path(svg).replace_extension(".log").string()));
  if (std::system(command.c_str()) != 0)
    throw Error(
        fmt::format("gnuplot failed to draw '{}' (see {}); install it with `apt-get install gnuplot-nox`",
                    svg.string(), fs::path(svg).replace_extension(".log").string()));
}

std::string write_report(const std::string& dir, const std::vector<ClaimOutcome>& outcomes,
                         bool full_profile) {
  const fs::path root(dir);
  fs::create_directories(root / "plots");
  int passed = 0;
  for (const auto& o : outcomes) passed += o.passed();

  std::string html;
  html +=
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ellopt reproduction "
      "report</title>\n";
  html +=
      "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 "
      "1em;color:#222}"
      "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em "
      ".6em;text-align:left}"
      ".pass{color:#127a12;font-weight:bold}.fail{color:#b00020;font-weight:bold}section{border-top:2px "
      "solid "
      "#ddd;margin-top:2em}img{max-width:100%;border:1px solid "
      "#eee}.meta{color:#555}pre{white-space:pre-wrap}"
      "</style></head><body>\n";
  html += "<h1>ellopt reproduction report</h1>\n";
  html += fmt::format(
      "<p class=\"meta\">{} &middot; revision {} &middot; profile {} &middot; {} of {} claims "
      "reproduced</p>\n",
      now_utc(), html_escape(code_revision()), full_profile ? "full" : "default", passed, outcomes.size());
  html += "<table><tr><th>claim</th><th>title</th><th>paper</th><th>verdict</th><th>time (s)</th></tr>\n";
  for (const auto& o : outcomes) {
    html += fmt::format(
        "<tr><td><a href=\"#{0}\">{1}</a></td><td>{2}</td><td>{3}</td><td class=\"{4}\">{5}</td>"
        "<td>{6:.1f}</td></tr>\n",
        slug(o.claim->info.id), html_escape(o.claim->info.id), html_escape(o.claim->info.title),
        html_escape(o.claim->info.paper), o.passed() ? "pass" : "fail",
        o.passed() ? "reproduced" : "not reproduced", o.seconds);
  }
  html += "</table>\n";

  for (const auto& o : outcomes) {
    const auto& info = o.claim->info;
    html += fmt::format("<section id=\"{}\"><h2>{}: {}</h2>\n", slug(info.id), html_escape(info.id),
                        html_escape(info.title));
    html += fmt::format(
        "<p><b>Paper</b>: {}<br><b>Theorem</b>: {}<br><b>Statistic</b>: {}<br><b>Threshold</b> "
        "(fixed before measuring): {}<br><b>Verdict</b>: <span class=\"{}\">{}</span> "
        "&middot; run {} in the store &middot; {:.1f} s</p>\n",
        html_escape(info.paper), html_escape(info.theorem), html_escape(info.statistic),
        html_escape(info.threshold), o.passed() ? "pass" : "fail",
        o.passed() ? "reproduced" : "not reproduced", o.run_id, o.seconds);
    if (!o.error.empty())
      html += fmt::format("<p class=\"fail\">The experiment failed: {}</p>\n", html_escape(o.error));
    if (!o.result.checks.empty()) {
      html += "<table><tr><th>check</th><th>measured</th><th>threshold</th><th>verdict</th></tr>\n";
      for (const auto& c : o.result.checks)
        html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n",
                            html_escape(c.name), format_number(c.measured), html_escape(c.threshold),
                            c.passed ? "pass" : "fail", c.passed ? "pass" : "fail");
      html += "</table>\n";
    }
    if (!o.result.notes.empty()) html += "<p>" + html_escape(o.result.notes) + "</p>\n";
    if (!o.result.metrics.empty())
      html += "<details><summary>measured numbers</summary><pre>" + html_escape(o.result.metrics.dump(2)) +
              "</pre></details>\n";
    for (const auto& plot : o.result.plots) {
      const std::string file = fmt::format("plots/{}_{}.svg", slug(info.id), slug(plot.name));
      try {
        render_plot_svg(plot, (root / file).string());
        html += fmt::format("<figure><img src=\"{}\" alt=\"{}\"></figure>\n", file, html_escape(plot.title));
      } catch (const Error& e) {
        html += fmt::format("<p class=\"fail\">plot '{}' could not be drawn: {}</p>\n",
                            html_escape(plot.title), html_escape(e.what()));
      }
    }
    html += "</section>\n";
  }
  html += "</body></html>\n";
  const fs::path index = root / "index.html";
  write_file_atomically(index, html);  // a killed `reproduce` leaves the previous report whole
  return index.string();
}

}  // namespace ellopt::experiment
