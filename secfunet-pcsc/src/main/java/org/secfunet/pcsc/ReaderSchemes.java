package org.secfunet.pcsc;

import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses reader addresses: each plug-in provider is asked for its own scheme first, then what
 * remains is a PC/SC index or name.
 */
final class ReaderSchemes {
    /** The providers found on the class path, asked in that order. */
    static final ReaderSchemes INSTALLED = new ReaderSchemes(ServiceLoader.load(ReaderProvider.class, ReaderProvider.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList());

    /** {@code scheme://}, RFC 3986 § 3.1: a letter, then letters, digits, '+', '-' or '.'. */
    private static final Pattern URI_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    /** PC/SC indexes have at most this many digits. */
    private static final int MAX_INDEX_DIGITS = 4;

    private final List<ReaderProvider> providers;

    ReaderSchemes(List<ReaderProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    ReaderAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("reader address is empty (give " + forms() + ")");
        }
        String s = text.strip();
        for (ReaderProvider p : providers) {
            ReaderAddress a = p.parse(s);
            if (a != null) {
                return a;
            }
        }
        Matcher uri = URI_SCHEME.matcher(s);
        if (uri.matches()) {
            return new ReaderAddress.Unclaimed(uri.group(1).toLowerCase(Locale.ROOT), s);
        }
        if (s.chars().allMatch(Character::isDigit)) {
            if (s.length() > MAX_INDEX_DIGITS) {
                throw new IllegalArgumentException("reader index '" + s + "' is too large");
            }
            return new ReaderAddress.PcscIndex(Integer.parseInt(s));
        }
        return new ReaderAddress.PcscName(s);
    }

    /** "a PC/SC index or name, vcard:FILE or racs://host:port/SEID", from the installed schemes. */
    private String forms() {
        List<String> forms = new java.util.ArrayList<>();
        forms.add("a PC/SC index or name");
        providers.stream().map(ReaderProvider::syntax).filter(f -> !f.isEmpty()).forEach(forms::add);
        if (forms.size() == 1) {
            return forms.get(0);
        }
        return String.join(", ", forms.subList(0, forms.size() - 1)) + " or " + forms.get(forms.size() - 1);
    }
}
