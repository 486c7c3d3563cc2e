// A long-lived tesseract for the OCR step: loads the language model once and
// then recognises one page per request, writing the same TSV (and text-only
// PDF) as `tesseract IMAGE OUT -l LANG --dpi DPI [-c textonly_pdf=1] tsv [pdf]`.
// Starting the tesseract CLI costs ~0.3 CPU-seconds per page (model and
// dictionaries loaded again each time), a quarter of a page's recognition.
//
// Protocol (one line each, fields separated by tabs):
//   request:  IMAGE_PATH \t OUTPUT_BASE \t DPI \t FLAGS      FLAGS: "-" or letters p (pdf), t (text-only pdf)
//   reply:    ok | error MESSAGE
// Usage: poststelle-tesseract LANGUAGES [TESSDATA_DIR]
// Built by scripts/setup.mjs (g++, libtesseract-dev); src/modules/ocr/tesseract.server.ts runs it.
#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>
#include <leptonica/allheaders.h>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

static std::vector<std::string> split(const std::string &line, char separator) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, separator)) fields.push_back(field);
  return fields;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: poststelle-tesseract LANGUAGES [TESSDATA_DIR]" << std::endl;
    return 2;
  }
  tesseract::TessBaseAPI api;
  if (api.Init(argc > 2 ? argv[2] : nullptr, argv[1], tesseract::OEM_DEFAULT) != 0) {
    std::cout << "error could not initialize tesseract with " << argv[1] << std::endl;
    return 3;
  }
  // The CLI's default (automatic page segmentation); the library's own default is a single block.
  api.SetPageSegMode(tesseract::PSM_AUTO);
  std::cout << "ready" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() != 4) {
      std::cout << "error malformed request" << std::endl;
      continue;
    }
    const std::string &image = fields[0];
    const std::string &outBase = fields[1];
    const std::string &flags = fields[3];
    const bool wantPdf = flags.find('p') != std::string::npos;
    const bool textOnly = flags.find('t') != std::string::npos;
    api.SetVariable("user_defined_dpi", fields[2].c_str());
    Pix *pix = pixRead(image.c_str());
    if (pix == nullptr) {
      std::cout << "error cannot read image " << image << std::endl;
      continue;
    }
    std::unique_ptr<tesseract::TessResultRenderer> renderer(new tesseract::TessTsvRenderer(outBase.c_str()));
    if (wantPdf) renderer->insert(new tesseract::TessPDFRenderer(outBase.c_str(), api.GetDatapath(), textOnly));
    bool ok = renderer->happy() && renderer->BeginDocument("");
    ok = ok && api.ProcessPage(pix, 0, image.c_str(), nullptr, 0, renderer.get());
    ok = renderer->EndDocument() && ok;
    pixDestroy(&pix);
    api.Clear();
    std::cout << (ok ? "ok" : "error recognition failed") << std::endl;
  }
  return 0;
}
