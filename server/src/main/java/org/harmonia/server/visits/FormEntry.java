package org.harmonia.server.visits;

import java.util.Map;

/**
 * Values entered on a form. A first save carries no version; a correction carries the version read and a
 * reason. The values replace the previous ones (a field left out is cleared).
 */
public record FormEntry(Map<String, Object> values, Integer version, String reason) {
}
