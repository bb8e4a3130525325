// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.subsystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.SubsystemHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code upper} subsystem: sends back what the client sends, ASCII letters in upper case, until
 * the client's EOF. Served by the runtime only while this bundle's component is registered.
 */
@Component(service = SubsystemHandler.class, property = SubsystemHandler.SUBSYSTEM + "=upper")
public final class UpperSubsystem implements SubsystemHandler {

    @Override
    public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
        InputStream in = channel.getInputStream();
        OutputStream out = channel.getOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            for (int i = 0; i < read; i++) {
                if (buffer[i] >= 'a' && buffer[i] <= 'z') {
                    buffer[i] -= 'a' - 'A';
                }
            }
            out.write(buffer, 0, read);
            out.flush();
        }
        out.close();
    }
}
