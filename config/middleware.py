from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ArabicFirstLocaleMiddleware:
    """Arabic unless the person chose otherwise with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which gives
    English pages to Arabic speakers on English-language phones; the association's
    language is Arabic, and only an explicit choice (the cookie) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
