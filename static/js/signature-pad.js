/*
 * Silah signature pad: a canvas a beneficiary signs on with a finger, a pen or the mouse.
 *
 * Markup: <div data-signature-pad data-target="ID_OF_HIDDEN_INPUT"><canvas></canvas></div>
 * and, inside the same form, a button with data-signature-clear. Pointer events cover mouse,
 * touch and pen alike; the drawing is kept as a PNG data URL in the hidden input after every
 * stroke, so the server receives exactly what was drawn. The page's radio buttons named
 * "method" show the pad or the file upload, whichever the beneficiary uses.
 */
(function () {
  "use strict";

  function setUpPad(container) {
    var canvas = container.querySelector("canvas");
    var input = document.getElementById(container.getAttribute("data-target"));
    var form = container.closest("form");
    if (!canvas || !input) {
      return;
    }
    var context = canvas.getContext("2d");
    var drawing = false;
    var last = null;
    var hasInk = false;

    function resize() {
      // Keep the drawing buffer at the displayed size times the pixel ratio, so lines are sharp.
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var rect = canvas.getBoundingClientRect();
      if (!rect.width) {
        return;
      }
      var keep = hasInk ? canvas.toDataURL("image/png") : null;
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      styleInk();
      if (keep) {
        var image = new Image();
        image.onload = function () {
          context.drawImage(image, 0, 0, rect.width, rect.height);
        };
        image.src = keep;
      }
    }

    function styleInk() {
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#14143c";
      context.fillStyle = "#14143c";
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    function save() {
      input.value = hasInk ? canvas.toDataURL("image/png") : "";
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      if (canvas.setPointerCapture) {
        canvas.setPointerCapture(event.pointerId);
      }
      context.beginPath();
      context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
      context.fill();
      hasInk = true;
    });

    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) {
        events = [event];
      }
      events.forEach(function (item) {
        var next = point(item);
        context.beginPath();
        context.moveTo(last.x, last.y);
        context.lineTo(next.x, next.y);
        context.stroke();
        last = next;
      });
      hasInk = true;
    });

    function finish(event) {
      if (!drawing) {
        return;
      }
      drawing = false;
      if (canvas.releasePointerCapture && event.pointerId !== undefined) {
        try {
          canvas.releasePointerCapture(event.pointerId);
        } catch (error) {
          /* the capture was already released */
        }
      }
      save();
    }

    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    canvas.addEventListener("pointerleave", finish);

    var clear = form ? form.querySelector("[data-signature-clear]") : null;
    if (clear) {
      clear.addEventListener("click", function () {
        context.save();
        context.setTransform(1, 0, 0, 1, 0, 0);
        context.clearRect(0, 0, canvas.width, canvas.height);
        context.restore();
        hasInk = false;
        save();
      });
    }

    window.addEventListener("resize", resize);
    resize();
  }

  function setUpMethodSwitch(form) {
    var radios = form.querySelectorAll('input[name="method"]');
    if (!radios.length) {
      return;
    }
    function show() {
      var chosen = form.querySelector('input[name="method"]:checked');
      var value = chosen ? chosen.value : "";
      form.querySelectorAll("[data-method]").forEach(function (block) {
        block.hidden = block.getAttribute("data-method") !== value;
      });
      window.dispatchEvent(new Event("resize"));
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", show);
    });
    show();
  }

  function start() {
    document.querySelectorAll("[data-signature-pad]").forEach(setUpPad);
    document.querySelectorAll("form").forEach(setUpMethodSwitch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
