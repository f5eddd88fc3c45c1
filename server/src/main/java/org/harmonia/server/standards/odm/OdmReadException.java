package org.harmonia.server.standards.odm;

/** An ODM file that cannot be read, or one whose content cannot go where it was sent; the message says where and why. */
public class OdmReadException extends RuntimeException {
    public OdmReadException(String message) {
        super(message);
    }

    public OdmReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
