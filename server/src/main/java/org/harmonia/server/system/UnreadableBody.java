package org.harmonia.server.system;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Why a request body could not be read, in the client's terms: the field (a JSON path such as {@code data.edss}) and what is wrong. */
record UnreadableBody(String field, String message) {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"", Pattern.DOTALL);

    static UnreadableBody of(Throwable e) {
        JacksonException j = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException x) {
                j = x;
                break;
            }
        }
        if (j == null) {
            return new UnreadableBody(null, "the request has no body or it cannot be read; send a JSON object");
        }
        String path = path(j.getPath());
        if (j instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            return new UnreadableBody(path, "is not a field of this request" + (known.isEmpty() ? "" : "; its fields are " + known));
        }
        if (j instanceof JsonConfiguration.RefusedText) {
            return new UnreadableBody(path, j.getOriginalMessage());
        }
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(j.getOriginalMessage()));
        if (duplicate.find()) {
            String parent = path == null ? parentPath(j) : path;
            String name = duplicate.group(1);
            return new UnreadableBody(parent == null || parent.isEmpty() ? name : parent + "." + name,
                    "is given more than once; send each field once");
        }
        String field = path != null ? path : currentName(j);
        if (j instanceof InputCoercionException) {
            return new UnreadableBody(field, "is out of range for this field");
        }
        if (j instanceof InvalidFormatException f && f.getTargetType() != null
                && f.getTargetType().getName().startsWith("java.time")) {
            return new UnreadableBody(field, "is not a date that exists, written yyyy-mm-dd");
        }
        if (j instanceof MismatchedInputException m && field != null) {
            if (m.getTargetType() != null && (m.getTargetType() == boolean.class || m.getTargetType() == Boolean.class)) {
                return new UnreadableBody(field, "expected true or false");
            }
            if (m.getTargetType() != null && m.getTargetType().getName().startsWith("java.time")) {
                return new UnreadableBody(field, "is not a date that exists, written yyyy-mm-dd");
            }
            return new UnreadableBody(field, "has the wrong type" + expected(m.getTargetType()));
        }
        if (j instanceof StreamReadException && field == null) {
            TokenStreamLocation at = j.getLocation();
            return new UnreadableBody(null, "the request body is not valid JSON"
                    + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        return new UnreadableBody(field, field == null ? "the request body is not valid JSON" : "has the wrong type or format");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return ": expected a number";
        }
        if (type == String.class) {
            return ": expected a text";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return ": expected an object of fields and values";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return ": expected a list";
        }
        return "";
    }

    private static String path(List<JacksonException.Reference> refs) {
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : refs) {
            if (r.getPropertyName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** The field being read when the parser itself failed (no databind path), e.g. a number out of range. */
    private static String currentName(JacksonException j) {
        if (j.processor() instanceof JsonParser p && p.streamReadContext() != null) {
            return p.streamReadContext().currentName();
        }
        return null;
    }

    private static String parentPath(JacksonException j) {
        if (!(j.processor() instanceof JsonParser p)) {
            return null;
        }
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        var ctx = p.streamReadContext() == null ? null : p.streamReadContext().getParent();
        for (; ctx != null; ctx = ctx.getParent()) {
            if (ctx.currentName() != null) {
                names.push(ctx.currentName());
            }
        }
        return String.join(".", names);
    }
}
