/*
 * a2i-moderation offline preview of AWS's crowd HTML elements.
 *
 * The worker portal loads https://assets.crowd.aws/crowd-html-elements.js, which defines
 * <crowd-form> and <crowd-rekognition-detect-moderation-labels>. Offline that script cannot
 * load and the elements would render as nothing useful, so this script draws them closely
 * enough to judge the task: the image, a checkbox per category, the exclusion button, the
 * instructions and Submit. When AWS's script did load, this script does nothing.
 */
(function () {
  "use strict";

  function parseList(text, fallback) {
    if (!text) return fallback;
    try {
      return JSON.parse(text);
    } catch (error) {
      return { error: "not valid JSON: " + error.message, text: text };
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function categoryName(category) {
    return typeof category === "string" ? category : category.name;
  }

  function drawModerationLabels(source) {
    var categories = parseList(source.getAttribute("categories"), []);
    var exclusion = parseList(source.getAttribute("exclusion-category"), null);
    var shortInstructions = source.querySelector("short-instructions");
    var fullInstructions = source.querySelector("full-instructions");

    var tool = element("div", "a2i-tool");
    var header = element("div", "a2i-header", source.getAttribute("header") || "");
    tool.appendChild(header);

    var body = element("div", "a2i-body");
    var sidebar = element("aside", "a2i-sidebar");
    sidebar.appendChild(element("h2", "", (shortInstructions && shortInstructions.getAttribute("header")) || "Instructions"));
    if (shortInstructions) {
      var shortCopy = element("div", "a2i-short");
      shortCopy.innerHTML = shortInstructions.innerHTML;
      sidebar.appendChild(shortCopy);
    }
    if (fullInstructions) {
      var link = element("a", "a2i-full-link", "View full instructions");
      link.href = "#";
      var modal = element("div", "a2i-modal");
      var dialog = element("div", "a2i-dialog");
      dialog.appendChild(element("h2", "", fullInstructions.getAttribute("header") || "Full instructions"));
      var fullCopy = element("div", "");
      fullCopy.innerHTML = fullInstructions.innerHTML;
      dialog.appendChild(fullCopy);
      var close = element("button", "a2i-button", "Close");
      close.type = "button";
      close.onclick = function () { modal.classList.remove("open"); };
      dialog.appendChild(close);
      modal.appendChild(dialog);
      link.onclick = function (event) { event.preventDefault(); modal.classList.add("open"); };
      sidebar.appendChild(link);
      tool.appendChild(modal);
    }
    body.appendChild(sidebar);

    var stage = element("main", "a2i-stage");
    var image = element("img", "a2i-image");
    image.src = source.getAttribute("src") || "";
    image.alt = "The image to review";
    stage.appendChild(image);
    body.appendChild(stage);

    var panel = element("section", "a2i-panel");
    panel.appendChild(element("h2", "", "Categories"));
    var boxes = [];
    if (categories && categories.error) {
      panel.appendChild(element("p", "a2i-error", "categories attribute " + categories.error));
    } else if (!categories.length) {
      panel.appendChild(element("p", "a2i-empty", "No categories were passed to the element."));
    } else {
      categories.forEach(function (category, index) {
        var row = element("label", "a2i-category");
        var box = element("input");
        box.type = "checkbox";
        box.value = index;
        boxes.push(box);
        row.appendChild(box);
        row.appendChild(element("span", "a2i-name", categoryName(category)));
        if (category.parentName) row.appendChild(element("span", "a2i-parent", category.parentName));
        panel.appendChild(row);
      });
    }
    if (exclusion && !exclusion.error) {
      var exclude = element("button", "a2i-button a2i-exclusion", exclusion.text || exclusion.name || String(exclusion));
      exclude.type = "button";
      exclude.onclick = function () {
        var on = !exclude.classList.contains("active");
        exclude.classList.toggle("active", on);
        boxes.forEach(function (box) { box.checked = false; box.disabled = on; });
      };
      panel.appendChild(exclude);
    }
    body.appendChild(panel);
    tool.appendChild(body);

    tool.selectedAnswer = function () {
      return boxes.filter(function (box) { return box.checked; }).map(function (box) { return categories[Number(box.value)]; });
    };
    return tool;
  }

  function drawForm(form) {
    var wrapper = element("div", "a2i-form");
    Array.prototype.slice.call(form.childNodes).forEach(function (child) {
      if (child.nodeType === 1 && child.tagName.toLowerCase() === "crowd-rekognition-detect-moderation-labels") {
        var tool = drawModerationLabels(child);
        wrapper.appendChild(tool);
        wrapper.tool = tool;
      } else {
        wrapper.appendChild(child.cloneNode(true));
      }
    });
    var footer = element("div", "a2i-footer");
    var answer = element("pre", "a2i-answer");
    var submit = element("button", "a2i-button a2i-submit", "Submit");
    submit.type = "button";
    submit.onclick = function () {
      var selected = wrapper.tool ? wrapper.tool.selectedAnswer() : [];
      answer.textContent = "Would submit: " + JSON.stringify({ moderationLabels: selected });
    };
    footer.appendChild(answer);
    footer.appendChild(submit);
    wrapper.appendChild(footer);
    form.parentNode.replaceChild(wrapper, form);
  }

  function draw() {
    if (window.customElements && window.customElements.get("crowd-form")) return; // AWS's script loaded
    document.documentElement.classList.add("a2i-offline");
    var badge = element("div", "a2i-badge", "offline preview \u2014 AWS crowd elements not loaded");
    document.body.appendChild(badge);
    Array.prototype.slice.call(document.querySelectorAll("crowd-form")).forEach(drawForm);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
