package dev.cnnspec.differential;

import java.util.List;
import java.util.Set;

/**
 * One generated case: a spec file with one network, and the choices it was made from (jqwik
 * shrinks those). {@code features} names the language constructs it uses, for the coverage line of
 * the report; {@code meantInvalid} marks the few cases generated to be rejected (they need not be).
 */
record GeneratedSpec(String network, String path, String text, Set<String> features, boolean meantInvalid,
    List<Integer> choices) {}
