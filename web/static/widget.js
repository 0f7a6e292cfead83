/*
 * zhsearch search widget: one script tag on any intranet page renders a search
 * box and results from the zhsearch server the script is loaded from.
 *
 *   <script src="https://search.example.intranet/static/widget.js" defer></script>
 *
 * Options, as attributes of that script tag:
 *   data-target="#element-id"   render into this element (default: where the tag stands)
 *   data-per-page="5"           results per page (1-20)
 *   data-query="普京"           search for this at once
 *   data-placeholder="…"        placeholder text of the box
 *
 * The page's origin must be in the server's cors_origins setting. The widget
 * lives in a shadow root, so the page's styles and its own do not mix, and it
 * builds every element with DOM calls: text from the server is never parsed
 * as HTML except to keep the <mark> highlights of snippets.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;

  var scriptUrl = new URL(script.src, document.baseURI);
  // The server's root, with any URL prefix: everything before /static/widget.js.
  var root = new URL(scriptUrl.pathname.replace(/static\/widget\.js$/, ""), scriptUrl.origin);
  var perPage = Math.min(Math.max(parseInt(script.dataset.perPage || "5", 10) || 5, 1), 20);
  var instance = 0;

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // A snippet is escaped HTML with <mark> around matches. Parsed in an inert
  // document, only its text and its marks are copied over.
  function appendMarked(parent, html) {
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) parent.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") parent.appendChild(el("mark", { text: node.textContent }));
      else parent.appendChild(document.createTextNode(node.textContent || ""));
    });
  }

  function displayDate(iso) {
    if (!iso) return "无日期";
    var parts = iso.split("T");
    var time = (parts[1] || "").slice(0, 5);
    return time && time !== "00:00" ? parts[0] + " " + time : parts[0];
  }

  function mount(host) {
    instance += 1;
    var id = "zhsearch-widget-" + instance;
    var shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(el("link", { rel: "stylesheet", href: new URL("static/widget.css", root).href }));

    var input = el("input", {
      id: id + "-q", type: "search", name: "q", autocomplete: "off", enterkeyhint: "search",
      placeholder: script.dataset.placeholder || "搜索新闻"
    });
    var form = el("form", { role: "search", "aria-label": "zhsearch 新闻搜索" }, [
      el("label", { "for": id + "-q", "class": "visually-hidden", text: "搜索新闻" }),
      input,
      el("button", { type: "submit", text: "搜索" })
    ]);
    var status = el("p", { "class": "status", role: "status", "aria-live": "polite" });
    var respelt = el("p", { "class": "did-you-mean" });
    var list = el("ol", { "class": "results", "aria-label": "搜索结果" });
    var pager = el("nav", { "class": "pager", "aria-label": "翻页" });
    var box = el("section", { "class": "zhsearch", "aria-label": "zhsearch 新闻搜索" }, [form, status, respelt, list, pager]);
    shadow.appendChild(box);

    var query = "";
    var page = 1;

    function fullResultsLink() {
      var url = new URL(root.href);
      url.searchParams.set("q", query);
      return el("a", { "class": "all", href: url.href, target: "_blank", rel: "noopener", text: "在 zhsearch 中查看全部结果" });
    }

    function stepButton(label, target) {
      var button = el("button", { type: "button", text: label });
      button.addEventListener("click", function () { search(target); });
      return button;
    }

    // The query respelt as words the index holds (特郎普 → 特朗普), when no page has all its words.
    function offerSpelling(offered) {
      respelt.replaceChildren();
      if (!offered) return;
      var button = el("button", { type: "button", "class": "respelt", text: offered.query });
      button.addEventListener("click", function () {
        input.value = query = offered.query;
        search(1);
      });
      respelt.append("您是不是要找：", button, "（" + offered.total + " 条结果）");
    }

    function show(data) {
      list.replaceChildren();
      pager.replaceChildren();
      offerSpelling(data.did_you_mean);
      var grades = data.partial
        ? "：" + (data.total - data.partial) + " 篇包含全部关键词，另有 " + data.partial + " 篇包含部分关键词"
        : "";
      status.textContent = data.total
        ? "找到 " + data.total + " 条结果" + grades + "（第 " + data.page + " / " + data.pages + " 页）"
        : "没有找到与“" + query + "”相关的文章。";
      data.hits.forEach(function (hit) {
        var snippet = el("p", { "class": "snippet" });
        appendMarked(snippet, hit.snippet);
        var title = el("a", { "class": "title", href: new URL(hit.url, root).href, target: "_blank", rel: "noopener" });
        appendMarked(title, hit.title_html);
        var meta = [displayDate(hit.date), hit.source, hit.site, hit.partial ? "部分关键词" : ""]
          .filter(Boolean).join(" · ");
        list.appendChild(el("li", { "class": "hit" }, [
          title,
          el("p", { "class": "meta", text: meta }),
          snippet
        ]));
      });
      if (data.page > 1) pager.appendChild(stepButton("上一页", data.page - 1));
      if (data.page < data.pages) pager.appendChild(stepButton("下一页", data.page + 1));
      if (data.total) pager.appendChild(fullResultsLink());
    }

    function fail(message) {
      list.replaceChildren();
      pager.replaceChildren();
      respelt.replaceChildren();
      status.textContent = message;
    }

    function search(target) {
      page = target;
      var url = new URL("api/search", root);
      url.searchParams.set("q", query);
      url.searchParams.set("page", String(page));
      url.searchParams.set("per_page", String(perPage));
      status.textContent = "正在搜索…";
      box.setAttribute("aria-busy", "true");
      fetch(url.href, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
            return data;
          });
        })
        .then(show)
        .catch(function (error) {
          fail("搜索失败：" + (error instanceof TypeError ? "无法连接 zhsearch 服务（服务未运行，或本页网址不在它的 cors_origins 允许列表中）" : error.message));
        })
        .finally(function () { box.removeAttribute("aria-busy"); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      query = input.value.trim();
      if (!query) { input.focus(); return; }
      search(1);
    });

    if (script.dataset.query) {
      input.value = script.dataset.query;
      query = script.dataset.query;
      search(1);
    }
  }

  var target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
  if (!target) {
    target = document.createElement("div");
    script.parentNode.insertBefore(target, script);
  }
  target.classList.add("zhsearch-widget");
  mount(target);
})();
